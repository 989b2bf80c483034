"""Cross-context comparison of peer worker initiatives.

- ``registry``: the dimensions compared (group, label, kind, person-level or not, source)
  and the data sources they aggregate, each computed in the database per initiative and
  per context;
- ``suppression``: small-number and complementary suppression;
- ``tables``: the comparison as the pages, plots and exports show it;
- ``plots``, ``exports``: SVG/PNG plots, CSV/XLSX files with a data dictionary;
- ``services``: identified-access grants (writes).
"""
