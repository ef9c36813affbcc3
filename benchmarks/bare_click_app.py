"""Reference page for the click benchmark: bare Streamlit with one streamlit-folium map of
the same gemeenten (same local Leaflet assets) that shows the name of the gemeente clicked
(streamlit-folium's own click reporting, no styling, no analysis)."""

import json

import folium
import streamlit as st
from streamlit_folium import st_folium

from kaartviewer.load import DEFAULT_DATA_DIR
from kaartviewer.maps import OfflineMap
from kaartviewer.ui import assets

base = assets.register()
doc = json.loads((DEFAULT_DATA_DIR / "gemeenten.geojson").read_text(encoding="utf-8"))
m = OfflineMap(asset_base=base, location=[52.2, 5.3], zoom_start=7, tiles=None)
folium.GeoJson(doc).add_to(m)
out = st_folium(
    m, key="kaart", height=600, use_container_width=True, returned_objects=["last_active_drawing"]
)
clicked = ((out or {}).get("last_active_drawing") or {}).get("properties") or {}
st.subheader(clicked.get("gemeentenaam", "Klik op een gemeente"))
