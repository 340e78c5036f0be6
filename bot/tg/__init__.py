"""The Telegram layer: the only package that imports ``telegram``; the command line never does."""
