"""The rollup window (File → Open rollup…): a circle or district office's view of its stations, from the rollup
store (app.services.rollup_views). It is its own window beside the station's, with its own pages."""
