"""How each resource reads: ModelSerializers over the rows the views fetch, links to
related resources by address, status from the selectors' dataclasses."""
