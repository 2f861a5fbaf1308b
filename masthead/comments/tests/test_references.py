"""``#12`` and ``@name`` in a comment's text become links when it is posted; ``@name``
is stored as a mention; "Quote" prefills a reply with the comment as a block quote."""

from __future__ import annotations

import re
from collections.abc import Callable
from html.parser import HTMLParser
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from masthead.accounts.models import User
from masthead.articles.models import Article
from masthead.comments.actions import post_comment, remove_comment, save_mentions
from masthead.comments.models import Comment, Mention
from masthead.comments.references import quote_body, render_comment_body
from masthead.comments.rendering import RenderContext, render_comment, render_comments
from masthead.core.markup import LINK_REL

pytestmark = pytest.mark.django_db


class _Links(HTMLParser):
    """The links of an HTML fragment as (class, href, text), and every element seen."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str, str]] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self._open: list[list[str]] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag == "a":
            values = dict(attrs)
            self._open = [[values.get("class") or "", values.get("href") or "", ""]]

    def handle_data(self, data: str) -> None:
        if self._open:
            self._open[0][2] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._open:
            cls, href, text = self._open[0]
            self.links.append((cls, href, text))
            self._open = None


def links(html: str) -> list[tuple[str, str, str]]:
    parser = _Links()
    parser.feed(html)
    return parser.links


def elements(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Links()
    parser.feed(html)
    return parser.tags


def permalink(article: Article, number: int) -> str:
    return reverse("comments:permalink", kwargs={"slug": article.slug, "number": number})


def profile(member: User) -> str:
    return reverse("accounts:profile", kwargs={"username": member.username})


def seed(article: Article, count: int) -> list[Comment]:
    return [post_comment(article=article, body=f"c{i}", guest_name="Pat") for i in range(count)]


# "#N" -----------------------------------------------------------------------------------


def test_number_links_to_an_existing_comment_of_the_story(article: Article) -> None:
    """`#2` links to the permalink of comment 2 of the same story, class "ref"."""
    seed(article, 2)
    html, _ = render_comment_body(article=article, body="As #2 said, and #1 too.")
    assert links(html) == [
        ("ref", permalink(article, 2), "#2"),
        ("ref", permalink(article, 1), "#1"),
    ]
    assert f'<a class="ref" href="{permalink(article, 2)}" rel="{LINK_REL}">#2</a>' in html


def test_number_of_a_comment_not_there_stays_text(
    article: Article, make_article: Callable[..., Article]
) -> None:
    """`#12` stays text when the story has no comment 12, even if another story has."""
    seed(make_article(), 12)
    seed(article, 1)
    html, _ = render_comment_body(article=article, body="See #12 and #0 and #01.")
    assert links(html) == []
    assert html == "<p>See #12 and #0 and #01.</p>"


def test_number_of_a_removed_comment_still_links(article: Article) -> None:
    """A removed comment keeps its number and place, so `#1` still links to it."""
    remove_comment(comment=seed(article, 1)[0])
    html, _ = render_comment_body(article=article, body="#1 was removed")
    assert links(html) == [("ref", permalink(article, 1), "#1")]


@pytest.mark.parametrize(
    "body",
    [
        "`#1`",
        "```\n#1\n```",
        "    indented #1",
        "[about #1](https://example.org/)",
        "https://x.org/#1",
        "https://x.org/page#1",
        "www.x.org/a?b=#1",
        "(see https://x.org/a,#1)",
        "<https://x.org/#1>",
        "issue#1",
        "#1st",
        "#1/2",
        "&#1;",
    ],
)
def test_number_is_not_linked_inside_code_links_urls_or_words(article: Article, body: str) -> None:
    """`#1` in code, in a link, in a URL or as part of a word is not a reference."""
    seed(article, 1)
    html, _ = render_comment_body(article=article, body=body)
    assert [link for link in links(html) if link[0] == "ref"] == []


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("#1", "<p>" + "{1}" + "</p>"),
        ("(#1)", "<p>({1})</p>"),
        ("#1, #1.", "<p>{1}, {1}.</p>"),
        ("*#1*", "<p><em>{1}</em></p>"),
        ("> #1", "<blockquote>\n<p>{1}</p>\n</blockquote>"),
        ("- #1", "<ul>\n<li>{1}</li>\n</ul>"),
    ],
)
def test_number_is_linked_in_prose(article: Article, body: str, expected: str) -> None:
    """`#1` in text, emphasis, quotes and lists, and beside punctuation, is linked."""
    seed(article, 1)
    html, _ = render_comment_body(article=article, body=body)
    link = f'<a class="ref" href="{permalink(article, 1)}" rel="{LINK_REL}">#1</a>'
    assert html == expected.replace("{1}", link)


def test_posted_comment_links_to_earlier_ones_not_itself(article: Article) -> None:
    """Posting "#1 #2" as comment 2 links #1 only: a comment exists once posted."""
    seed(article, 1)
    comment = post_comment(article=article, body="#1 #2", guest_name="Sam")
    assert comment.number == 2
    assert [href for _, href, _ in links(comment.body_html)] == [permalink(article, 1)]


def test_many_numbers_cost_one_query(
    article: Article, django_assert_num_queries: Callable[..., Any]
) -> None:
    """A text full of references looks them up in one query (names: one more)."""
    seed(article, 3)
    body = " ".join(f"#{n}" for n in range(1, 500))
    with django_assert_num_queries(1):
        html, _ = render_comment_body(article=article, body=body)
    assert len(links(html)) == 3


def test_text_without_references_costs_no_query(
    article: Article, django_assert_num_queries: Callable[..., Any]
) -> None:
    """Plain prose (most comments) is rendered without touching the database."""
    with django_assert_num_queries(0):
        html, mentioned = render_comment_body(article=article, body="Just *words*, 100% #")
    assert (html, mentioned) == ("<p>Just <em>words</em>, 100% #</p>", frozenset())


# "@name" --------------------------------------------------------------------------------


@pytest.fixture
def ann(make_user: Callable[..., User]) -> User:
    return make_user(username="ann-lee", display_name="Ann Lee")


@pytest.mark.parametrize(
    ("body", "text"),
    [
        ("@ann-lee", "@ann-lee"),
        ("@ANN-LEE", "@ANN-LEE"),
        ("@Ann_Lee", "@Ann_Lee"),
        ("@ann_lee", "@ann_lee"),
        ('@"Ann Lee"', "@Ann Lee"),
        ('@"ann  lee"', "@ann  lee"),
    ],
)
def test_name_links_to_the_members_profile(
    article: Article, ann: User, body: str, text: str
) -> None:
    """`@username`, `@Display_Name` and `@"Display Name"`, in any case, link to the
    member's profile with class "mention"."""
    html, mentioned = render_comment_body(article=article, body=f"Thanks {body}!")
    assert links(html) == [("mention", profile(ann), text)]
    assert mentioned == {ann.pk}


def test_name_matches_display_names_beyond_ascii_case(
    article: Article, make_user: Callable[..., User]
) -> None:
    """Case is ignored in any script: `@ÉLODIE` names Élodie."""
    elodie = make_user(username="elodie", display_name="Élodie")
    html, mentioned = render_comment_body(article=article, body='@ÉLODIE @"élodie"')
    assert [href for _, href, _ in links(html)] == [profile(elodie)] * 2
    assert mentioned == {elodie.pk}


def test_member_without_display_name_is_found_by_username(
    article: Article, make_user: Callable[..., User]
) -> None:
    """A member known only by username is named by it."""
    bob = make_user(username="Bob", display_name="")
    html, _ = render_comment_body(article=article, body="@bob")
    assert links(html) == [("mention", profile(bob), "@bob")]


@pytest.mark.parametrize(
    "body",
    [
        "@nobody",
        '@"Ann Leigh"',
        "@Ann",
        "@AnnLee2",
        "write to ann-lee@example.org",
        "`@ann-lee`",
        "[@ann-lee](https://example.org)",
        "https://social.example/@ann-lee",
        "@ Ann_Lee",
    ],
)
def test_unknown_names_and_names_in_code_links_or_addresses_stay_text(
    article: Article, ann: User, body: str
) -> None:
    """Unknown names stay plain text, and so do names in code, links, URLs and e-mail
    addresses."""
    html, mentioned = render_comment_body(article=article, body=body)
    assert [link for link in links(html) if link[0] == "mention"] == []
    assert mentioned == frozenset()


def test_look_alike_names_are_not_mentions(
    article: Article, make_user: Callable[..., User]
) -> None:
    """`@Arnie` does not name a member called Amie ("rn" looks like "m"): names match
    ignoring case only, not look-alikes."""
    make_user(username="amie", display_name="Amie")
    html, mentioned = render_comment_body(article=article, body="@Arnie @AMlE")
    assert (links(html), mentioned) == ([], frozenset())


def test_inactive_members_are_not_mentioned(article: Article, ann: User) -> None:
    """A deactivated member has no profile to link to."""
    ann.is_active = False
    ann.save(update_fields=["is_active"])
    html, mentioned = render_comment_body(article=article, body="@ann-lee")
    assert (links(html), mentioned) == ([], frozenset())


def test_numbers_and_names_together_cost_two_queries(
    article: Article, ann: User, django_assert_num_queries: Callable[..., Any]
) -> None:
    """Numbers and names are looked up once each, whatever their count."""
    seed(article, 2)
    body = '#1 #2 #3 @ann-lee @Ann_Lee @nobody @"Ann Lee" ' * 20
    with django_assert_num_queries(2):
        html, mentioned = render_comment_body(article=article, body=body)
    assert len(links(html)) == 20 * 5
    assert mentioned == {ann.pk}


# Mentions stored ---------------------------------------------------------------------


def test_mentions_are_stored_once_per_member_and_not_for_the_author(
    article: Article, ann: User, member: User
) -> None:
    """Each member named is stored once with the comment; the author naming
    themself is not a mention."""
    comment = post_comment(
        article=article, body='@ann-lee @Ann_Lee @"ann lee" and me, @reader', author=member
    )
    assert list(Mention.objects.values_list("comment_id", "member_id")) == [(comment.pk, ann.pk)]
    assert links(comment.body_html)[-1] == ("mention", profile(member), "@reader")


def test_guest_comments_store_mentions(article: Article, ann: User) -> None:
    """A guest's `@name` is a mention too."""
    comment = post_comment(article=article, body="hi @ann-lee", guest_name="Pat")
    assert list(comment.mentions.values_list("member_id", flat=True)) == [ann.pk]


def test_failed_post_stores_no_mention(article: Article, ann: User) -> None:
    """Mentions are written with the comment, in its transaction, or not at all."""
    with pytest.raises(Exception, match="cannot be answered"):
        post_comment(article=article, body="@ann-lee", guest_name="Pat", reply_to_number=9)
    assert not Mention.objects.exists()


def test_save_mentions_replace_keeps_the_set_true(
    article: Article, ann: User, member: User, make_user: Callable[..., User]
) -> None:
    """For an edit, ``replace`` deletes mentions gone from the text and returns only the
    members newly mentioned."""
    cy = make_user(username="cy", display_name="Cy")
    comment = post_comment(article=article, body="@ann-lee", author=member)
    added = save_mentions(comment=comment, member_ids={cy.pk, member.pk}, replace=True)
    assert added == {cy.pk}
    assert set(comment.mentions.values_list("member_id", flat=True)) == {cy.pk}


# Sanitised output --------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        "#1<script>alert(1)</script>",
        "#1<img src=x onerror=alert(1)>",
        '@"<img src=x>"',
        '@"<script>alert(1)</script>"',
        '@"Ann Lee"<script>x()</script>#1',
        "[#1](javascript:alert(1)) #1",
        '@ann-lee" onmouseover="alert(1)',
    ],
)
def test_output_stays_sanitised(article: Article, ann: User, body: str) -> None:
    """Whatever surrounds a reference, the stored HTML has no script, image or
    handler, and every link is ours or a safe scheme."""
    seed(article, 1)
    html, _ = render_comment_body(article=article, body=body)
    for tag, attrs in elements(html):
        assert tag in {"p", "a"}
        assert set(attrs) <= {"href", "class", "rel"}
        assert attrs.get("rel") in {None, LINK_REL}
        href = attrs.get("href") or ""
        assert not href or href.startswith(("/", "https:", "http:", "mailto:"))
    assert "<script" not in html
    assert "<img" not in html


def test_member_named_with_markup_is_linked_escaped(
    article: Article, make_user: Callable[..., User]
) -> None:
    """A display name that looks like markup is linked as text."""
    odd = make_user(username="odd", display_name="<b>Odd</b>")
    html, mentioned = render_comment_body(article=article, body='hi @"<b>Odd</b>"')
    assert mentioned == {odd.pk}
    assert (
        f'<a class="mention" href="{profile(odd)}" rel="{LINK_REL}">@&lt;b&gt;Odd&lt;/b&gt;</a>'
        in html
    )


# Quote ---------------------------------------------------------------------------------


def test_quote_body_prefixes_every_line() -> None:
    """Every line gets "> " (blank lines just ">"), then a blank line for the answer."""
    assert quote_body("One\n\nTwo\n  three\n") == "> One\n>\n> Two\n>   three\n\n"


def reply_url(article: Article, number: int) -> str:
    return reverse("comments:reply", kwargs={"slug": article.slug, "number": number})


def test_quote_link_prefills_the_reply_form(client: Client, article: Article) -> None:
    """`?quote=1` on the reply URL (no JavaScript needed) opens the reply form with the
    comment's Markdown quoted, ready to post as a reply."""
    post_comment(article=article, body="Prices *fell*.\n\nAgain & again <b>", guest_name="Pat")
    response = client.get(reply_url(article, 1), {"quote": "1"})
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["body"] == "> Prices *fell*.\n>\n> Again & again <b>\n\n"
    assert form.initial["reply_to"] == 1
    html = response.content.decode()
    assert "&gt; Prices *fell*.\n&gt;\n&gt; Again &amp; again &lt;b&gt;\n\n</textarea>" in html


def test_reply_without_quote_starts_empty(client: Client, article: Article) -> None:
    """The plain Reply link opens an empty form."""
    post_comment(article=article, body="Prices fell.", guest_name="Pat")
    response = client.get(reply_url(article, 1))
    assert "body" not in response.context["form"].initial


def test_quoted_reply_posts_as_a_blockquote(client: Client, article: Article) -> None:
    """Posting the prefilled text gives a reply whose HTML quotes the comment."""
    post_comment(article=article, body="Prices fell.", guest_name="Pat")
    body = client.get(reply_url(article, 1), {"quote": "1"}).context["form"].initial["body"]
    client.post(
        reverse("comments:post", kwargs={"slug": article.slug}),
        {"body": body + "Not here.", "name": "Sam", "reply_to": "1"},
    )
    reply = Comment.objects.get(article=article, number=2)
    assert reply.body_html == "<blockquote>\n<p>Prices fell.</p>\n</blockquote>\n<p>Not here.</p>"


@pytest.mark.parametrize("take_down", ["remove", "delete"])
def test_removed_or_deleted_comments_cannot_be_quoted(
    client: Client, article: Article, take_down: str
) -> None:
    """A removed or deleted comment's text is not shown again through a quote."""
    comment = post_comment(article=article, body="Secret words", guest_name="Pat")
    if take_down == "remove":
        remove_comment(comment=comment)
    else:
        Comment.objects.filter(pk=comment.pk).update(status=Comment.Status.DELETED)
    response = client.get(reply_url(article, 1), {"quote": "1"})
    assert "Secret words" not in response.content.decode()


def comments_url(article: Article) -> str:
    return reverse("comments:post", kwargs={"slug": article.slug})


def test_thread_offers_quote_next_to_reply(client: Client, article: Article) -> None:
    """Each published comment on the story page has Reply and then Quote, and the
    Quote link (no JavaScript needed) opens the reply form with the text quoted."""
    post_comment(article=article, body="Prices fell.", guest_name="Pat")
    html = client.get(article.get_absolute_url()).content.decode()
    reply = f"{reply_url(article, 1)}#comment-form"
    quote = f"{reply_url(article, 1)}?quote=1#comment-form"
    assert html.index(f'href="{reply}"') < html.index(f'href="{quote}"')
    response = client.get(quote.split("#")[0])
    assert response.context["form"].initial["body"] == "> Prices fell.\n\n"


def test_live_comment_carries_the_quote_link(article: Article) -> None:
    """A comment rendered alone for a page with actions (as live updates insert it,
    with JavaScript) has the same Quote link."""
    comment = post_comment(article=article, body="Prices fell.", guest_name="Pat")
    html = render_comment(comment, RenderContext(reply_prefix=comments_url(article)))
    quote = f"{reply_url(article, 1)}?quote=1#comment-form"
    assert f'href="{quote}" rel="nofollow" data-action="quote">Quote</a>' in html


def test_no_quote_on_placeholders_or_closed_stories(article: Article) -> None:
    """A removed comment has no Quote link, nor has any comment where replying is
    closed."""
    removed, kept = seed(article, 2)
    remove_comment(comment=removed)
    removed.refresh_from_db()
    ctx = RenderContext(reply_prefix=comments_url(article))
    assert "Quote" not in render_comment(removed, ctx)
    assert "Quote" in render_comment(kept, ctx)
    closed = RenderContext(reply_prefix=comments_url(article), can_reply=False)
    assert "Quote" not in render_comment(kept, closed)


# "in reply to #M" ------------------------------------------------------------------------


def reply_to_hrefs(html: str) -> list[str]:
    return re.findall(r'<a class="comment__reply-to" href="([^"]*)">', html)


def test_in_reply_to_is_an_anchor_when_the_comment_is_on_the_page(
    client: Client, article: Article
) -> None:
    """On a page that shows #1, "in reply to #1" jumps to it in place."""
    post_comment(article=article, body="root", guest_name="Pat")
    post_comment(article=article, body="reply", guest_name="Sam", reply_to_number=1)
    html = client.get(article.get_absolute_url()).content.decode()
    assert reply_to_hrefs(html) == ["#c-1"]


def test_in_reply_to_is_the_permalink_when_the_comment_is_elsewhere(article: Article) -> None:
    """A page that starts inside a thread (without #1) links "in reply to #1" to #1's
    permalink, which opens the page that holds it."""
    post_comment(article=article, body="root", guest_name="Pat")
    reply = post_comment(article=article, body="reply", guest_name="Sam", reply_to_number=1)
    html = render_comments([reply], RenderContext(reply_prefix=comments_url(article)))
    assert reply_to_hrefs(html) == [f"{permalink(article, 1)}#c-1"]


def test_in_reply_to_on_the_reply_form_page_is_the_permalink(
    client: Client, article: Article
) -> None:
    """The reply form shows only the comment answered: its "in reply to #1" goes to
    #1's permalink, not to an anchor missing from that page."""
    post_comment(article=article, body="root", guest_name="Pat")
    post_comment(article=article, body="reply", guest_name="Sam", reply_to_number=1)
    html = client.get(reply_url(article, 2)).content.decode()
    assert reply_to_hrefs(html) == [f"{permalink(article, 1)}#c-1"]
    assert client.get(reply_to_hrefs(html)[0].split("#")[0]).status_code == 302


def test_page_script_gets_the_quote_as_json(client: Client, article: Article) -> None:
    """With JavaScript the form opens in place: the script fetches just the quoted text,
    and a removed comment gives none."""
    first, second = seed(article, 2)
    remove_comment(comment=second)
    json_accept = {"Accept": "application/json"}
    quoted = client.get(reply_url(article, 1), {"quote": "1"}, headers=json_accept)
    assert quoted.json() == {"number": 1, "body": f"> {first.body}\n\n"}
    assert "Accept" in quoted["Vary"]
    removed = client.get(reply_url(article, 2), {"quote": "1"}, headers=json_accept)
    assert removed.json() == {"number": 2, "body": ""}
