"""Answer questions about a folder of articles with the articles' own words."""
