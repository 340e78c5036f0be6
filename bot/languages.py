"""Latin-script languages besides English and Turkish: what tells each one, its stop words,
and its Snowball stemmer's name (PyStemmer ships them all).

An article in German or French is searched as an English one is: its words stemmed by its own
language's rules ("Brücke" and "Brücken" one term) and its function words dropped. Without
this, English rules stemmed its ASCII words and left the others whole, and an English question
about it was held to English's bars, which refuse it.
"""

from __future__ import annotations

import re
from typing import NamedTuple


class Language(NamedTuple):
    """One language: the Snowball stemmer, the stop words dropped from its texts, and what
    tells its texts from English: ``markers``, function words English does not use ("und",
    "les"; not "die", "war" or "son", which English texts are full of), and ``letters``, a
    word holding one of which is no English word ("Brücke", "coûte")."""

    stemmer: str
    stop_words: frozenset[str]
    markers: frozenset[str]
    letters: re.Pattern[str]


def _language(stemmer: str, stop_words: str, markers: str, letters: str) -> Language:
    stops, marks = frozenset(stop_words.split()), frozenset(markers.split())
    return Language(stemmer, stops | marks, marks, re.compile(f"[{letters}]"))


# Stop words after Snowball's lists (snowballstem.org, BSD), with the question words people
# type (accented or not: "cuando", "cuándo") and the elided forms the tokenizer splits off
# ("l'arena": "l"; "dell'arena": "dell"). Written for this project; content words stay.
LANGUAGES: dict[str, Language] = {
    "GERMAN": _language(
        "german",
        """
        aber alle allem allen aller alles also am an andere anderen anderer anderes anders
        auch auf aus bei beim bin bis bist da damit dann das dass daß dein deine dem den denn
        der des dich die dies diese diesem diesen dieser dieses dir doch dort du durch ein
        eine einem einen einer eines er es etwas euch euer eure für gegen gewesen habe haben
        hat hatte hatten hier hinter ich ihm ihn ihnen ihr ihre ihrem ihren ihrer ihres im in
        ins ist jede jedem jeden jeder jedes jetzt kann kein keine keinem keinen keiner können
        könnte man mein meine mich mir mit muss musste nach nicht nichts noch nun nur ob oder
        ohne sehr sein seine seinem seinen seiner selbst sich sie sind so soll sollte sondern
        sonst über um und uns unser unsere unter viel viele vom von vor während war waren was
        weil welche welchem welchen welcher welches wenn werde werden wie wieder will wir wird
        wo wollen wollte würde würden zu zum zur zwar zwischen wann warum wer wen wem wessen
        wieso weshalb woher wohin worüber womit wodurch wofür wurde wurden bitte
        """,
        """
        der den dem des und ist nicht sich auch eine einer eines einem einen ich mit von zu
        zum zur für über wird wurde wurden sind wie wann warum wer wieso weshalb dass daß oder
        aber auf aus bei beim nach noch nur sehr schon ihre ihren ihrer sein seine seiner
        seinen diese dieser dieses diesem wenn weil welche welcher können kann haben hatte
        hatten werden doch jedoch sowie zwischen unter gegen ohne durch sie es er wir uns vom
        worüber wofür womit viel viele
        """,
        "äöüß",
    ),
    "FRENCH": _language(
        "french",
        """
        au aux avec ce ces dans de des du elle elles en et eux il ils je la le les leur leurs
        lui ma mais me même mes moi mon ne nos notre nous on ou où par pas pour qu que qui sa
        se ses son sur ta te tes toi ton tu un une vos votre vous c d j l m n s t y à été
        suis es est sommes êtes sont sera seront était étaient fut a ai as avons avez ont
        avait avaient eu cette cet ceux celle celui dont aussi très plus tout tous toute
        toutes comme si sans sous entre vers chez quand pourquoi comment combien quel quelle
        quels quelles lequel laquelle lesquels est-ce
        """,
        """
        le la les des du et est une un dans qui que qu sur avec ce cette ces il ils elle
        elles nous vous leur leurs au aux par pas mais ou où été sont ont était étaient sera
        très aussi quand pourquoi comment combien quel quelle quels quelles de à l d ne se sa
        ses
        """,
        "éèêàùâîôûçëïœ",
    ),
    "SPANISH": _language(
        "spanish",
        """
        de la que el en y a los del se las por un para con no una su al lo como más mas pero
        sus le ya o este sí si porque esta entre cuando muy sin sobre también tambien me hasta
        hay donde quien desde todo nos durante todos uno les ni contra otros ese eso ante
        ellos e esto mí antes algunos qué que unos yo otro otras otra él tanto esa estos
        mucho quienes nada muchos cual poco ella estar estas algunas algo nosotros mi mis tú
        te ti tu tus ellas os es son fue fueron era eran ha han he hemos había habían ser
        está están estaba estaban cuándo cuánto cuánta cuántos cuántas cuál cuáles dónde cómo
        quién quiénes cuanto cuanta cuantos cuantas cuales donde como quien
        """,
        """
        el los las del y en que por para una su sus al como pero este esta estos estas
        también cuando muy sin sobre hasta hay donde desde durante es fue fueron
        han está están qué cuándo cuánto cuánta cuántos cuántas dónde cómo quién cuál porque
        se lo le de la
        """,
        "ñáíóú",
    ),
    "ITALIAN": _language(
        "italian",
        """
        di a da in con su per tra fra il lo la i gli le un uno una e ed o ma che chi cui non
        come dove quando quanto quanta quanti quante perché perche anche più già se si ci ne
        mi ti vi del dello della dei degli delle al allo alla ai agli alle dal dallo dalla dai
        dagli dalle nel nello nella nei negli nelle sul sullo sulla sui sugli sulle è sono era
        erano sarà saranno stato stata stati state essere ha hanno ho hai abbiamo avere aveva
        avevano questo questa questi queste quello quella quelli quelle suo sua suoi sue loro
        mio mia tuo tua noi voi lui lei essi esse dell all nell sull dall quale quali cosa
        molto poi l un
        """,
        """
        il gli della delle dei degli del nella nel sono che non una anche più dell nell è
        questo questa quello quella essere hanno stato stata quando quanto quanti quante
        perché chi cui sul sulla dal dalla alla alle di la l
        """,
        "àèéìòù",
    ),
    "PORTUGUESE": _language(
        "portuguese",
        """
        de a o que e do da em um para é com não uma os no se na por mais as dos como mas foi
        ao ele das tem à seu sua ou ser quando muito há nos já está eu também só pelo pela até
        isso ela entre era depois sem mesmo aos ter seus quem nas me esse eles estão você
        tinha foram essa num nem suas meu às minha têm numa pelos elas havia seja qual será
        nós lhe deles essas esses pelas este dele quanto quantos quantas onde porque
        """,
        """
        do da dos das em um uma não na nos nas ao aos pelo pela pelos pelas foi são está
        estão também mais é para quando quem onde quanto ser há tem já ele ela seu sua de que
        """,
        "ãõâêôçáéíóú",
    ),
    "DUTCH": _language(
        "dutch",
        """
        de en van ik te dat die in een hij het niet zijn is was op aan met als voor had er
        maar om hem dan zou of wat mijn men dit zo door over ze zich bij ook tot je mij uit
        der daar haar naar heb hoe heeft hebben deze u want nog zal me zij nu geen omdat iets
        worden toch al waren veel meer doen toen moet ben zonder kan hun dus alles onder ja
        eens hier wie werd altijd wordt kunnen ons zelf tegen na reeds wil kon niets uw
        iemand geweest andere waarom wanneer waar hoeveel welke welk
        """,
        """
        het een van en niet zijn dat voor met op ook naar bij werd wordt worden hebben heeft
        deze dit zich waren geen meer nog uit tot hoe waarom wanneer waar hoeveel welke wie
        zij hun ons de
        """,
        "ëïé",
    ),
}
