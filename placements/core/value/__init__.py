"""What warrants and options are worth: Black–Scholes, a lattice for step-ups, and dilution.

Prices, rates and volatilities are floats here: a value is a model output, not
a payment, so it never needs to be exact to the cent. Time is in years of 365
calendar days, counted from the valuation day to the expiry: the exercise
price of a warrant changes on calendar dates, not trading days, and 365 is the
convention of Canadian money markets. Rates are annual and continuously
compounded; volatility is annual (0.8 for 80%).

Three methods, each where it is right:

- A warrant with one price left is a European call. A holder of a call on a
  share that pays no dividend never gains by exercising early (the call is
  worth more alive than its intrinsic value when rates are not negative), so
  Black–Scholes prices it.
- A step-up warrant can be worth exercising on the last day before its price
  rises. It is priced on a binomial lattice whose nodes each carry the price in
  force on their date, with early exercise allowed at every node.
- Exercise issues new shares, which dilutes the share the warrant is on.
  Hull's adjustment (Options, Futures, and Other Derivatives, "Warrants,
  employee stock options and dilution") solves
  ``W = N / (N + M) x C(S + (M / N) x W)`` for the warrant value ``W``, where
  ``C`` is the plain value as a function of the share price, ``N`` the shares
  outstanding and ``M`` the shares the warrants would issue.

Ignored: dividends (juniors pay none), acceleration clauses (an issuer's right
to shorten the term only lowers the value, and depends on the path of closing
prices), the resale hold, and any discount for non-transferable warrants.
"""
