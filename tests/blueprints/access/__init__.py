"""Access-table rows, one module per feature; test_review_access.py collects them (see its docstring)."""
