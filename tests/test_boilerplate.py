import pytest

from bot.boilerplate import find_boilerplate, label_reason


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
        "Read more: Budget talks collapse as ministers walk out",
        "Related: How the port deal was struck",
        "*By Alex Roe*",
        "By Maria José Gómez and Li Wei",
        "We use cookies to improve your experience. By continuing you accept our cookie policy.",
        "This website uses cookies.",
        "Tags: politics, elections",
        "Unsubscribe",
        "View this email in your browser",
        "Harbour Weekly © 2026 – Unsubscribe",
        "Keep reading",
        "Buy now",
        "Learn more",
        "Terms and Conditions | Privacy",
    ],
)
def test_furniture_from_any_site_is_dropped(line: str) -> None:
    assert label_reason(line)


@pytest.mark.parametrize(
    "line",
    [
        "Subscribe to our newsletter for daily updates.",
        "Follow us on Telegram for breaking news.",
        "Support independent journalism: become a member today.",
        "Join our WhatsApp channel for the latest stories.",
        "You are receiving this because you are a free subscriber to Harbour Weekly.",
        "You're receiving this email because you signed up on our website.",
    ],
)
def test_pitches_are_dropped(line: str) -> None:
    assert label_reason(line) == "site pitch"


@pytest.mark.parametrize(
    "line",
    [
        "The photographs taken that night were later shown in court as evidence.",
        "Share prices fell sharply after the announcement by the central bank on Monday.",
        "Witnesses say the source of the fire was a gas leak in the basement.",
        "By the end of the war, the town had lost half of its people.",
        "Read the full report, the minister said, and you will see the numbers.",
        "The crumbs of cookies were found at the scene, the police said.",
        "Privacy | the new law in brief",
        "Learn more about the bridge at the town hall on Monday.",
    ],
)
def test_content_that_mentions_the_same_words_is_kept(line: str) -> None:
    assert not label_reason(line)


def test_a_pitch_takes_the_lines_that_speak_to_the_reader_but_not_the_article() -> None:
    article = "The last real paragraph of the story " + "goes on for a while " * 8
    paragraphs = [
        article,
        "We are here for you every day.",
        "Subscribe to our newsletter.",
        "Thank you!",
    ]
    assert set(find_boilerplate(paragraphs)) == {1, 2, 3}


def test_a_short_fact_beside_a_pitch_is_kept() -> None:
    paragraphs = [
        "The council voted 7 to 2 on Tuesday to approve a new cycle bridge over the Elbe.",
        "The bridge will cost 12 million euros.",
        "Opening is planned for spring.",
        "Sign up for our newsletter.",
    ]
    assert set(find_boilerplate(paragraphs)) == {3}


def test_a_long_paragraph_is_never_furniture() -> None:
    long = "Newspaper subscription numbers fell " + "across the region in that decade " * 10
    cookies = "We use cookies, the bakers said, " + "and flour from the mill by the river " * 8
    law = "Copyright law changed in 2019, when the directive passed, " + "and platforms " * 10
    assert find_boilerplate([long, cookies, law]) == {}


def test_a_copyright_notice_of_any_length_is_furniture() -> None:
    # A journal's licence under its paper ran to 80 words, past every rule for short labels.
    licence = (
        "© 2016 De Marchis et al. Open Access This article is distributed under the terms of "
        "the Creative Commons Attribution 4.0 International License, which permits "
        + "unrestricted use, distribution, and reproduction in any medium "
        * 6
    )
    crown = "Copyright 2024 The Daily Courier, a division of Example Media. " * 6
    assert find_boilerplate([licence, crown]) == {0: "copyright notice", 1: "copyright notice"}


def test_a_list_under_a_related_label_goes_with_it() -> None:
    paragraphs = [
        "Body of the story, long enough to be read as such.",
        "Related:",
        "- One",
        "- Two",
    ]
    assert find_boilerplate(paragraphs) == {
        1: "interface label",
        2: "list of links",
        3: "list of links",
    }


def test_an_author_bio_counts_only_at_the_end() -> None:
    bio = "Jane Roe is a freelance writer based in Baku who covers energy and the Caspian."
    body = "The pipeline opened in 2006 and carries oil from the Caspian to the Mediterranean."
    assert find_boilerplate([bio, body, body, body, body]) == {}
    assert find_boilerplate([body, body, body, bio]) == {3: "author bio"}


def test_a_newsletters_subscription_fields_go_with_its_notice_but_an_update_above_stays() -> None:
    paragraphs = [
        "The council voted 7 to 2 on Tuesday to approve a new cycle bridge over the Elbe.",
        "Update: Added the mayor's comment.",
        "You are receiving this because you are a free subscriber to Harbour Weekly.",
        "Name: Reader",
        "Email: reader@example.com",
        "Member since: 1 Mar 2025",
    ]
    assert set(find_boilerplate(paragraphs)) == {2, 3, 4, 5}
