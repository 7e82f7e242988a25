"""The bookmobile's offline desk: trip stores prepared before departure, the events of the
work done on the road, their sync back into the library's database, and the exceptions
staff resolve (docs/bookmobile.md). No Qt here."""
