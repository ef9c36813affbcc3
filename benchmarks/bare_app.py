"""Reference page for the render benchmark: bare Streamlit with one folium map of the same
gemeenten (same local Leaflet assets, no styling, no analysis)."""

import json

from streamlit_folium import st_folium

from kaartviewer.load import DEFAULT_DATA_DIR
from kaartviewer.maps import OfflineMap
from kaartviewer.ui import assets

base = assets.register()
doc = json.loads((DEFAULT_DATA_DIR / "gemeenten.geojson").read_text(encoding="utf-8"))
m = OfflineMap(asset_base=base, location=[52.2, 5.3], zoom_start=7, tiles=None)
import folium  # noqa: E402

folium.GeoJson(doc).add_to(m)
st_folium(m, height=600, use_container_width=True, returned_objects=[])
