"""Swedish text: the words of a text for search and matching, month names. Imports nothing from Vplan."""
