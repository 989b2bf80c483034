"""Cross-context comparison of peer worker initiatives.

- ``registry``: how a dimension (group, label, kind, person-level or not, source) and a data
  source are described, and the registers they are kept in;
- ``dimensions``: the dimensions and sources themselves, registered by
  ``ComparisonConfig.ready()``; ``selectors`` computes them in the database per initiative
  and per context;
- ``access``: who sees which view of the comparison (researchers, service managers);
- ``suppression``: small-number and complementary suppression;
- ``tables``: the comparison as the pages, plots and exports show it;
- ``plots``, ``exports``: SVG/PNG plots, CSV/XLSX files with a data dictionary;
- ``services``: identified-access grants (writes).
"""
