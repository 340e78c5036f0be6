import pytest

from bot.boilerplate import find_boilerplate, is_label, is_pitch


@pytest.mark.parametrize(
    "line",
    [
        "Photo credit: Reuters",
        "Image: AP Photo/John Doe",
        "PHOTO: AFP",
        "Source: ministry website",
        "Share on social media",
        "Share this article",
        "Share",
        "Advertisement",
        "Read more:",
        "© 2024 Example News. All rights reserved.",
    ],
)
def test_labels_from_any_news_site_are_boilerplate(line: str) -> None:
    assert is_label(line)


@pytest.mark.parametrize(
    "line",
    [
        "Subscribe to our newsletter for daily updates.",
        "Follow us on Telegram for breaking news.",
        "Support independent journalism: become a member today.",
        "Join our WhatsApp channel for the latest stories.",
    ],
)
def test_pitches_are_boilerplate(line: str) -> None:
    assert is_pitch(line)


@pytest.mark.parametrize(
    "line",
    [
        "The photographs taken that night were later shown in court as evidence.",
        "Share prices fell sharply after the announcement by the central bank on Monday.",
        "Witnesses say the source of the fire was a gas leak in the basement.",
    ],
)
def test_content_that_mentions_the_same_words_is_kept(line: str) -> None:
    assert not is_label(line) and not is_pitch(line)


def test_a_pitch_takes_its_short_filler_lines_but_not_the_article() -> None:
    article = "The last real paragraph of the story " + "goes on for a while " * 8
    paragraphs = [
        article,
        "We are here for you every day.",
        "Subscribe to our newsletter.",
        "Thank you!",
    ]
    assert find_boilerplate(paragraphs) == {1, 2, 3}


def test_a_long_paragraph_about_subscriptions_is_content() -> None:
    long = "Newspaper subscription numbers fell " + "across the region in that decade " * 10
    assert find_boilerplate([long]) == set()
