"""The five perspectives every plan is grouped under, in their order.

Migration 0002 seeded the Perspective rows with these names (a migration keeps its own copy, as it
must not import app code); the report importer recognises a perspective heading by them.
"""

PERSPECTIVES = ("Samhälle", "Medborgare", "Ekonomi", "Verksamhet", "Medarbetare")
