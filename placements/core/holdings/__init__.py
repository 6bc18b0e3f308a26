"""A fund's holdings across many issuers' books.

A holdings file names positions in books; each position is a slice of a
tranche or series (:mod:`.positions`), checked against its book
(:mod:`.checks`), viewed on a day with the issuer's own rules and values
(:mod:`.view`), put on the fund's calendar (:mod:`.calendar`), and valued
on random price paths one independent issuer at a time (:mod:`.montecarlo`).
"""
