from __future__ import annotations

from django.urls import path

from . import discovery, feeds, views

app_name = "articles"
urlpatterns = [
    path("", views.front_page, name="front_page"),
    path("section/<slug:slug>/", views.section_page, name="section"),
    path("authors/<str:username>/", views.author_page, name="author"),
    path("tags/<slug:slug>/", views.tag_page, name="tag"),
    path("story/<slug:slug>/", views.article_detail, name="detail"),
    path("story/<slug:slug>/print/", views.article_print, name="print"),
    path("story/<slug:slug>/reprints/", views.reprint_request, name="reprints"),
    # Feeds: the site's, and each section's, author's and tag's beside its page.
    path("feeds/rss/", feeds.StoryFeed().as_view(), name="feed_rss"),
    path("feeds/atom/", feeds.AtomStoryFeed().as_view(), name="feed_atom"),
    path("section/<slug:slug>/rss/", feeds.SectionFeed().as_view(), name="section_rss"),
    path("section/<slug:slug>/atom/", feeds.AtomSectionFeed().as_view(), name="section_atom"),
    path("authors/<str:username>/rss/", feeds.AuthorFeed().as_view(), name="author_rss"),
    path("authors/<str:username>/atom/", feeds.AtomAuthorFeed().as_view(), name="author_atom"),
    path("tags/<slug:slug>/rss/", feeds.TagFeed().as_view(), name="tag_rss"),
    path("tags/<slug:slug>/atom/", feeds.AtomTagFeed().as_view(), name="tag_atom"),
    # Sitemaps and robots.txt.
    path("sitemap.xml", discovery.sitemap_index, name="sitemap_index"),
    path("sitemap-news.xml", discovery.news_sitemap, name="news_sitemap"),
    path("sitemap-<slug:section>.xml", discovery.sitemap, name="sitemap"),
    path("robots.txt", discovery.robots_txt, name="robots_txt"),
]
