"""The extractor's own version: bump it whenever topics or facts for the same text change."""

EXTRACTOR_NAME = "callprep-nlp"
EXTRACTOR_VERSION = 9
