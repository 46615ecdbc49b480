"""Small helpers every app uses: the clock, dates in words, names in the page's language,
HTTP headers, environment variables and Django's setup for the command line.

A plain package, not a Django app: it holds no models and no templates. It may import the
engine and Django, never another runback app.
"""
