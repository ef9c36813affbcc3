"""Streamlit entry point: `streamlit run app.py`. Layout lives in kaartviewer.ui."""

from kaartviewer.ui.page import main

main()
