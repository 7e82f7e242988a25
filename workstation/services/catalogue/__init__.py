"""The catalogue wing: bibliographic records (书目), MARC import and export, and the move of
readers and open loans from an old system. No Qt here."""
