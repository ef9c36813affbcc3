"""Streamlit UI: pages and components. The only place that imports streamlit."""
