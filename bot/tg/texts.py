"""The bot's fixed texts in its readers' languages: English, Russian, Turkish, Azerbaijani.

Telegram tells each update's user's app language (``language_code``); a reader whose app is
in one of these gets the help, the buttons and the fixed replies in it. The quotes and their
citations stay as the articles and the command line write them: the same in every chat a
quote is forwarded to, and what a reply that quotes a citation is matched against. Admins'
texts stay English, as the README that explains them.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.render import MISSES, NOTES, Notes
from bot.search import Miss


@dataclass(frozen=True)
class Texts:
    """One language's fixed texts; ``{…}`` fields are filled in where they are used."""

    code: str  # the language's ISO 639-1 code, as Telegram's language_code starts
    thousands: str  # what sets a number's thousands apart: "1,275", "1 275", "1.275"
    start: str  # also the bot's description, shown in an empty chat before /start
    short_description: str  # on the bot's profile and where it is shared; 120 at most
    help: str  # {in_groups}
    in_groups_private: str  # {name}
    in_groups_all: str  # {name}
    no_match: str
    no_words: str
    small_talk: str
    unsupported: str
    unknown_command: str
    refused: str
    skipped: str  # {limit}, {count}
    error: str
    expired: str
    no_more: str
    invalid: str
    too_long: str  # {cite}
    status: str  # {done}, {total}
    notes: Notes
    more_quotes: str
    previous: str
    context: str
    source: str
    back: str
    more_sources: str
    the_quote: str  # marks the quoted paragraph among those around it (Context)
    inline_no_match: str
    inline_hint: str
    sources: str  # the heading of /sources
    page_of: str  # {first}, {last}, {total}: which of the sources a page of /sources lists
    paragraphs: tuple[str, str, str]  # {n} paragraphs, by plural category: one, few, many
    commands: tuple[tuple[str, str], ...]  # (command, description) for the menu


ENGLISH = Texts(
    code="en",
    thousands=",",
    start=(
        "I answer questions about my source articles with their own words: whole paragraphs, "
        "quoted exactly, each with its source. I never write about the subject myself.\n\n"
        "Send me a question, or see /sources and /help."
    ),
    short_description="I answer questions with my source articles' own words, quoted exactly.",
    help=(
        "<b>Ask a question</b> in plain words, as you would ask someone who has read my "
        "sources.\nI reply with the paragraphs of my sources that match, quoted exactly and "
        "cited. Name a source, by its author or site as /sources shows them, to quote only "
        "it. Put words in quotation marks to find where they are said as written. Reply to an "
        "answer to ask more about it (quote part of one quote to ask about that one), e.g. "
        "<i>and when was that?</i>\n\n"
        "/ask QUESTION: ask (in groups: {in_groups})\n"
        "/ask alone, in reply to someone's message: ask with its words (or the part you "
        "quote)\n"
        "/sources: the articles I quote from\n"
        "/help: this text\n\n"
        "Buttons under an answer show more quotes (so does a reply <i>more</i>) and the "
        "paragraphs around a quote. In any chat, type my @username and a question to share a "
        "quote."
    ),
    in_groups_private="/ask@{name} QUESTION, or a reply to one of my messages",
    in_groups_all="/ask, a message that mentions @{name}, or a reply to me",
    no_match=f"{MISSES[Miss.NO_MATCH]} Try other words, or see /sources.",
    no_words=(f"{MISSES[Miss.NO_WORDS]} For example: <i>/ask</i> and a name, a place or a date."),
    small_talk=(
        "I answer questions about my source articles with their own words. Send me one, "
        "or see /sources for what they are and /help."
    ),
    unsupported="I can only answer text questions. Send your question as a message.",
    unknown_command="I don't know that command. See /help.",
    refused="Sorry, this bot is private.",
    skipped=(
        "You sent more questions than I can keep waiting ({limit}), so I skipped {count}. "
        "Please send those again."
    ),
    error="Something went wrong while answering. Please try again.",
    expired="This answer is too old to change; please ask again.",
    no_more=("That was every quote I have for that question; ask with other words to find more."),
    invalid="This button is not one of mine.",
    too_long="This passage is longer than one Telegram message; find it in the source: {cite}",
    status=(
        "\n\n<i>Preparing search by meaning: {done} of {total} texts embedded. "
        "Until then I match your words.</i>"
    ),
    notes=NOTES,
    more_quotes="More quotes ▸",
    previous="◂ Previous",
    context="Context",
    source="Source ↗",
    back="◂ Back to the answer",
    more_sources="More sources ▸",
    the_quote="the quote",
    inline_no_match="No passage matches · help",
    inline_hint="type a question to quote it",
    sources="<b>Sources</b> (I quote only these):",
    page_of="{first}–{last} of {total}",
    paragraphs=("{n} paragraph", "{n} paragraphs", "{n} paragraphs"),
    commands=(
        ("ask", "Quote the passages that answer a question"),
        ("sources", "The articles I quote from"),
        ("help", "How to ask"),
        ("start", "What this bot does"),
    ),
)

RUSSIAN = Texts(
    code="ru",
    thousands="\u00a0",  # a no-break space, as Russian sets "1 275"
    start=(
        "Я отвечаю на вопросы о своих статьях-источниках их собственными словами: целыми "
        "абзацами, дословно, каждый со ссылкой на источник. Сам я о предмете никогда не "
        "пишу.\n\nОтправьте мне вопрос или посмотрите /sources и /help."
    ),
    short_description="Отвечаю на вопросы словами статей-источников, дословно.",
    help=(
        "<b>Задайте вопрос</b> простыми словами, как спросили бы человека, который читал мои "
        "источники.\nЯ отвечаю подходящими абзацами источников, дословно и со ссылкой. "
        "Назовите источник (автора или сайт, как их показывает /sources), чтобы цитировать "
        "только его. Возьмите слова в кавычки, чтобы найти, где они сказаны именно так. "
        "Ответьте на мой ответ, чтобы спросить о нём ещё (процитируйте часть одной цитаты, "
        "чтобы спросить о ней), например: <i>а когда это было?</i>\n\n"
        "/ask ВОПРОС: спросить (в группах: {in_groups})\n"
        "/ask без слов, в ответ на чьё-то сообщение: спросить его словами (или той частью, "
        "которую вы цитируете)\n"
        "/sources: статьи, которые я цитирую\n"
        "/help: эта справка\n\n"
        "Кнопки под ответом показывают другие цитаты (как и ответ <i>ещё</i>) и абзацы вокруг "
        "цитаты. В любом чате наберите моё @имя и вопрос, чтобы поделиться цитатой."
    ),
    in_groups_private="/ask@{name} ВОПРОС или ответ на одно из моих сообщений",
    in_groups_all="/ask, сообщение с упоминанием @{name} или ответ мне",
    no_match=(
        "Ни один абзац источников не отвечает на этот вопрос. Попробуйте другие слова или "
        "посмотрите /sources."
    ),
    no_words=(
        "В вопросе нет слов, по которым можно искать; спросите теми словами, которые искали "
        "бы сами. Например: <i>/ask</i> и имя, место или дата."
    ),
    small_talk=(
        "Я отвечаю на вопросы о своих статьях-источниках их собственными словами. Отправьте "
        "мне вопрос или посмотрите /sources (что это за статьи) и /help."
    ),
    unsupported="Я отвечаю только на текстовые вопросы. Отправьте вопрос сообщением.",
    unknown_command="Такой команды я не знаю. См. /help.",
    refused="Извините, это закрытый бот.",
    skipped=(
        "Вы отправили больше вопросов, чем я могу держать в очереди ({limit}), поэтому "
        "пропустил {count}. Пожалуйста, отправьте их ещё раз."
    ),
    error="При ответе что-то пошло не так. Пожалуйста, попробуйте ещё раз.",
    expired="Этот ответ слишком старый, чтобы его изменить; пожалуйста, спросите снова.",
    no_more=(
        "Это были все цитаты, которые у меня есть по этому вопросу; спросите другими словами, "
        "чтобы найти ещё."
    ),
    invalid="Это не моя кнопка.",
    too_long="Этот абзац длиннее одного сообщения Telegram; найдите его в источнике: {cite}",
    status=(
        "\n\n<i>Готовлю поиск по смыслу: обработано {done} из {total} текстов. "
        "Пока я ищу по вашим словам.</i>"
    ),
    notes=Notes(
        read="Прочитано: {pairs}.",
        pair="«{typed}» как «{spelled}»",
        unsaid="Ни в одном абзаце нет {phrases} слово в слово.",
        either=" или ",
        quoted="«{}»",
    ),
    more_quotes="Ещё цитаты ▸",
    previous="◂ Назад",
    context="Контекст",
    source="Источник ↗",
    back="◂ К ответу",
    more_sources="Ещё источники ▸",
    the_quote="цитата",
    inline_no_match="Подходящих абзацев нет · справка",
    inline_hint="напишите вопрос, чтобы процитировать",
    sources="<b>Источники</b> (цитирую только их):",
    page_of="{first}–{last} из {total}",
    paragraphs=("{n} абзац", "{n} абзаца", "{n} абзацев"),
    commands=(
        ("ask", "Процитировать абзацы, которые отвечают на вопрос"),
        ("sources", "Статьи, которые я цитирую"),
        ("help", "Как спрашивать"),
        ("start", "Что делает этот бот"),
    ),
)

TURKISH = Texts(
    code="tr",
    thousands=".",
    start=(
        "Kaynak makalelerimle ilgili soruları onların kendi sözleriyle yanıtlarım: her biri "
        "kaynağıyla, aynen alıntılanmış paragraflarla. Konu hakkında kendim asla bir şey "
        "yazmam.\n\nBana bir soru gönderin ya da /sources ve /help komutlarına bakın."
    ),
    short_description=(
        "Soruları kaynak makalelerimin kendi sözleriyle, aynen alıntılayarak yanıtlarım."
    ),
    help=(
        "<b>Sorunuzu</b> kaynaklarımı okumuş birine sorar gibi, sade sözcüklerle sorun.\n"
        "Kaynaklarımın soruya uyan paragraflarını aynen ve kaynağını belirterek alıntılarım. "
        "Yalnızca bir kaynaktan alıntı için onu /sources listesindeki gibi yazarı ya da "
        "sitesiyle anın. Sözcüklerin tam olarak nerede geçtiğini bulmak için onları tırnak "
        "içine alın. Bir yanıt hakkında daha fazlasını sormak için ona yanıt verin (yalnızca "
        "bir alıntıyı sormak için onun bir kısmını alıntılayın), örneğin: <i>peki bu ne zaman "
        "oldu?</i>\n\n"
        "/ask SORU: sorun (gruplarda: {in_groups})\n"
        "/ask tek başına, birinin mesajına yanıt olarak: o mesajın sözcükleriyle (ya da "
        "alıntıladığınız kısmıyla) sorun\n"
        "/sources: alıntı yaptığım makaleler\n"
        "/help: bu metin\n\n"
        "Bir yanıtın altındaki düğmeler başka alıntıları (<i>devam</i> yanıtı da) ve bir "
        "alıntının çevresindeki paragrafları gösterir. Bir alıntı paylaşmak için herhangi bir "
        "sohbette @kullanıcı adımı ve bir soru yazın."
    ),
    in_groups_private="/ask@{name} SORU ya da mesajlarımdan birine yanıt",
    in_groups_all="/ask, @{name} adını anan bir mesaj ya da bana bir yanıt",
    no_match=(
        "Kaynaklardaki hiçbir paragraf bu soruyla eşleşmiyor. Başka sözcükler deneyin ya da "
        "/sources listesine bakın."
    ),
    no_words=(
        "Soruda aranabilecek bir sözcük yok; arayacağınız sözcüklerle sorun. Örneğin: "
        "<i>/ask</i> ve bir ad, bir yer ya da bir tarih."
    ),
    small_talk=(
        "Kaynak makalelerimle ilgili soruları onların kendi sözleriyle yanıtlarım. Bana bir "
        "soru gönderin ya da ne olduklarını görmek için /sources ve /help komutlarına bakın."
    ),
    unsupported="Yalnızca yazılı soruları yanıtlayabilirim. Sorunuzu mesaj olarak gönderin.",
    unknown_command="Bu komutu bilmiyorum. /help komutuna bakın.",
    refused="Üzgünüm, bu bot herkese açık değil.",
    skipped=(
        "Sırada bekletebileceğimden ({limit}) fazla soru gönderdiniz, bu yüzden {count} "
        "tanesini atladım. Lütfen onları yeniden gönderin."
    ),
    error="Yanıtlarken bir sorun çıktı. Lütfen yeniden deneyin.",
    expired="Bu yanıt değiştirilemeyecek kadar eski; lütfen yeniden sorun.",
    no_more=(
        "Bu soru için elimdeki tüm alıntılar bunlardı; daha fazlasını bulmak için başka "
        "sözcüklerle sorun."
    ),
    invalid="Bu düğme benim değil.",
    too_long="Bu paragraf bir Telegram mesajından uzun; onu kaynakta bulun: {cite}",
    status=(
        "\n\n<i>Anlama göre arama hazırlanıyor: {total} metnin {done} tanesi işlendi. "
        "O zamana kadar sözcüklerinizi eşleştiriyorum.</i>"
    ),
    notes=Notes(
        read="Okunan: {pairs}.",
        pair="“{typed}” yerine “{spelled}”",
        unsaid="Hiçbir paragraf {phrases} sözlerini aynen içermiyor.",
        either=" ya da ",
    ),
    more_quotes="Diğer alıntılar ▸",
    previous="◂ Önceki",
    context="Bağlam",
    source="Kaynak ↗",
    back="◂ Yanıta dön",
    more_sources="Diğer kaynaklar ▸",
    the_quote="alıntı",
    inline_no_match="Eşleşen paragraf yok · yardım",
    inline_hint="alıntılamak için bir soru yazın",
    sources="<b>Kaynaklar</b> (yalnızca bunlardan alıntı yaparım):",
    page_of="{first}–{last} / {total}",
    paragraphs=("{n} paragraf", "{n} paragraf", "{n} paragraf"),
    commands=(
        ("ask", "Bir soruyu yanıtlayan paragrafları alıntıla"),
        ("sources", "Alıntı yaptığım makaleler"),
        ("help", "Nasıl sorulur"),
        ("start", "Bu bot ne yapar"),
    ),
)

AZERBAIJANI = Texts(
    code="az",
    thousands=".",
    start=(
        "Mənbə məqalələrim haqqında sualları onların öz sözləri ilə cavablandırıram: hər biri "
        "mənbəyi ilə, olduğu kimi sitat gətirilmiş paraqraflarla. Mövzu haqqında özüm heç vaxt "
        "heç nə yazmıram.\n\nMənə sual göndərin və ya /sources və /help əmrlərinə baxın."
    ),
    short_description=(
        "Sualları mənbə məqalələrimin öz sözləri ilə, olduğu kimi sitat gətirərək cavablandırıram."
    ),
    help=(
        "<b>Sualınızı</b> mənbələrimi oxumuş birindən soruşduğunuz kimi, sadə sözlərlə "
        "verin.\nMənbələrimin suala uyğun paraqraflarını olduğu kimi və mənbəyini göstərərək "
        "sitat gətirirəm. Yalnız bir mənbədən sitat üçün onu /sources siyahısındakı kimi "
        "müəllifi və ya saytı ilə adlandırın. Sözlərin məhz belə deyildiyi yeri tapmaq üçün "
        "onları dırnaq içində yazın. Cavab haqqında daha çox soruşmaq üçün ona cavab yazın "
        "(yalnız bir sitat haqqında soruşmaq üçün onun bir hissəsini sitat gətirin), məsələn: "
        "<i>bəs bu nə vaxt olub?</i>\n\n"
        "/ask SUAL: soruşun (qruplarda: {in_groups})\n"
        "/ask tək, kiminsə mesajına cavab olaraq: onun sözləri ilə (və ya sitat gətirdiyiniz "
        "hissə ilə) soruşun\n"
        "/sources: sitat gətirdiyim məqalələr\n"
        "/help: bu mətn\n\n"
        "Cavabın altındakı düymələr başqa sitatları (<i>davam</i> cavabı da) və sitatın "
        "ətrafındakı paraqrafları göstərir. Sitat paylaşmaq üçün istənilən söhbətdə "
        "@istifadəçi adımı və sualı yazın."
    ),
    in_groups_private="/ask@{name} SUAL və ya mesajlarımdan birinə cavab",
    in_groups_all="/ask, @{name} adını çəkən mesaj və ya mənə cavab",
    no_match=(
        "Mənbələrdə heç bir paraqraf bu suala uyğun gəlmir. Başqa sözlər yoxlayın və ya "
        "/sources siyahısına baxın."
    ),
    no_words=(
        "Sualda axtarıla bilən söz yoxdur; axtaracağınız sözlərlə soruşun. Məsələn: "
        "<i>/ask</i> və ad, yer və ya tarix."
    ),
    small_talk=(
        "Mənbə məqalələrim haqqında sualları onların öz sözləri ilə cavablandırıram. Mənə "
        "sual göndərin və ya onların nə olduğunu görmək üçün /sources və /help əmrlərinə baxın."
    ),
    unsupported="Yalnız yazılı suallara cavab verə bilirəm. Sualınızı mesaj kimi göndərin.",
    unknown_command="Bu əmri tanımıram. /help əmrinə baxın.",
    refused="Bağışlayın, bu bot hamı üçün açıq deyil.",
    skipped=(
        "Növbədə saxlaya biləcəyimdən ({limit}) çox sual göndərdiniz, ona görə də {count} "
        "sualı ötürdüm. Zəhmət olmasa, onları yenidən göndərin."
    ),
    error="Cavab verərkən nəsə səhv getdi. Zəhmət olmasa, yenidən cəhd edin.",
    expired="Bu cavab dəyişdirilmək üçün çox köhnədir; zəhmət olmasa, yenidən soruşun.",
    no_more=(
        "Bu sual üçün bütün sitatlarım bunlar idi; daha çoxunu tapmaq üçün başqa sözlərlə soruşun."
    ),
    invalid="Bu düymə mənim deyil.",
    too_long="Bu paraqraf bir Telegram mesajından uzundur; onu mənbədə tapın: {cite}",
    status=(
        "\n\n<i>Məna üzrə axtarış hazırlanır: {total} mətndən {done} işlənib. "
        "O vaxta qədər sözlərinizi uyğunlaşdırıram.</i>"
    ),
    notes=Notes(
        read="Oxundu: {pairs}.",
        pair="“{typed}” əvəzinə “{spelled}”",
        unsaid="Heç bir paraqrafda {phrases} sözbəsöz yoxdur.",
        either=" və ya ",
    ),
    more_quotes="Daha çox sitat ▸",
    previous="◂ Əvvəlki",
    context="Kontekst",
    source="Mənbə ↗",
    back="◂ Cavaba qayıt",
    more_sources="Daha çox mənbə ▸",
    the_quote="sitat",
    inline_no_match="Uyğun paraqraf yoxdur · kömək",
    inline_hint="sitat gətirmək üçün sual yazın",
    sources="<b>Mənbələr</b> (yalnız bunlardan sitat gətirirəm):",
    page_of="{first}–{last} / {total}",
    paragraphs=("{n} paraqraf", "{n} paraqraf", "{n} paraqraf"),
    commands=(
        ("ask", "Suala cavab verən paraqrafları sitat gətir"),
        ("sources", "Sitat gətirdiyim məqalələr"),
        ("help", "Necə soruşmaq olar"),
        ("start", "Bu bot nə edir"),
    ),
)

# Telegram's language codes are IETF tags ("ru", "pt-br"): the language is their first part.
LANGUAGES = {texts.code: texts for texts in (ENGLISH, RUSSIAN, TURKISH, AZERBAIJANI)}


def texts_for(language_code: str | None) -> Texts:
    """The texts in the language of a user's Telegram app, English when it is none of ours."""
    return LANGUAGES.get((language_code or "").split("-")[0].casefold(), ENGLISH)


def count_paragraphs(texts: Texts, count: int) -> str:
    """ "1 paragraph", "22 paragraphs"; "21 абзац", "22 абзаца", "25 абзацев" (Unicode CLDR's
    plural categories: Russian's one, few and many; one and other for the rest)."""
    ones, tens = count % 10, count % 100
    if texts.code != "ru":
        form = 0 if count == 1 else 2
    elif ones == 1 and tens != 11:
        form = 0
    elif 2 <= ones <= 4 and not 12 <= tens <= 14:
        form = 1
    else:
        form = 2
    return texts.paragraphs[form].format(n=number(texts, count))


def number(texts: Texts, count: int) -> str:
    """A number as the language writes it, its thousands set apart (Unicode CLDR's)."""
    return f"{count:,}".replace(",", texts.thousands)
