"""The domain core of the union news site: it knows nothing of Pelican.

Glossary of the data values used throughout (Vietnamese words kept as data, never as names):
- kind ``tin``: a short news item; ``bai``: a full article; ``anh``: a photo story.
- ``chuyen-muc`` (campaign theme, chuyên mục) and ``don-vi`` (contributing unit, đơn vị) are
  URL prefixes; campaigns and units are declared in ``<content>/data/*.toml``.
- unit groups follow the provincial plans: ``lanh-dao`` (leadership), ``ban`` (departments),
  ``ldld-huyen`` (district federations), ``cd-nganh`` (sector unions), ``cdcs`` (grassroots
  unions), ``ctv`` (collaborator teams).
"""
