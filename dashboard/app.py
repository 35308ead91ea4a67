"""The dashboard's entry point: `streamlit run dashboard/app.py` (make dashboard-serve).

The as-of date picker in the sidebar serves every page; the date and the page's own choices sit
in the address (?as_of=2026-06-30&customer=001), so a link opens the same view.
"""

from __future__ import annotations

from datetime import date

import streamlit as st

from dashboard.published import Publication, publication
from dashboard.views import account, kaism, key_accounts, overview, what_if, worklist

PAGES = [
    (overview.render, "Overview", "overview"),
    (key_accounts.render, "Key accounts", "key_accounts"),
    (account.render, "Account", "account"),
    (kaism.render, "KAISM", "kaism"),
    (worklist.render, "KAM worklist", "worklist"),
    (what_if.render, "What if", "what_if"),
]


def _as_of(info: Publication) -> date:
    """The date picked in the sidebar; the address's as_of, else the latest scored date."""
    asked = st.query_params.get("as_of")
    days = info.as_of_dates
    start = next((i for i, day in enumerate(days) if day.isoformat() == asked), 0)
    picked = st.sidebar.selectbox("As of", days, index=start, format_func=date.isoformat)
    st.query_params["as_of"] = picked.isoformat()
    return picked


def sidebar() -> tuple[date, Publication]:
    """The page set-up every page shares: the as-of date picker and what the file is."""
    st.set_page_config(page_title="Key accounts", layout="wide")
    info = publication()
    as_of = _as_of(info)
    st.sidebar.caption(
        f"Published {info.facts.get('published_at', '?')}; amounts in {info.currency}; "
        f"scores 1–{info.facts['scale']}; configuration {info.facts['config_version']}."
    )
    return as_of, info


def render_page(path: str) -> None:
    """One page alone, as `python -m dashboard check` renders each."""
    as_of, info = sidebar()
    (render,) = [render for render, _title, page_path in PAGES if page_path == path]
    render(as_of, info)


def main() -> None:
    as_of, info = sidebar()
    pages = [
        st.Page(lambda render=render: render(as_of, info), title=title, url_path=path)
        for render, title, path in PAGES
    ]
    st.navigation(pages).run()


# Streamlit runs this file as __main__; importing it (the check, the tests) renders nothing.
if __name__ == "__main__":
    main()
