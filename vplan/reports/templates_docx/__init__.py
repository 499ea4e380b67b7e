"""The plain default Word template (default.docx) and the script that writes it."""
