"""The interactive dashboard (``app.py``): the model built from the page's controls, and its views.

``model_factory`` and ``controls`` need no browser library; ``map_view`` and ``charts`` draw on
matplotlib figures; ``page`` puts them into Mesa's SolaraViz.
"""
