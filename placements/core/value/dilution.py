"""Hull's dilution adjustment: exercise issues new shares, diluting the share a warrant is on."""

from collections.abc import Callable


def dilution_adjusted(
    plain_value: Callable[[float], float],
    spot: float,
    shares: int,
    new_shares: int,
    shares_per_warrant: int = 1,
) -> float:
    """Hull's dilution-adjusted warrant value: W = N/(N+M) x C(S + (M/N) W).

    ``plain_value`` is C, the value of one warrant as a function of the share
    price; ``shares`` is N, the shares outstanding; ``new_shares`` is M, what
    exercising every warrant of the series would issue. The share price S is
    taken to already know that the warrants are outstanding, so the equity per
    share is S + (M/N) W, and exercise shares it with M new shares. A warrant
    for k shares (``shares_per_warrant``) counts M/k warrants, so the equity
    per share is S + (M/(kN)) W.

    The right-hand side grows with W at a slope of at most M/(N+M) < 1 (a
    call's delta is at most k), so there is one solution, between 0 and C(S);
    it is found by regula falsi with the Illinois modification, which keeps
    bisection's bracket and takes a handful of evaluations of C (each maybe a
    whole lattice). With M = 0 it is the plain value, and it tends to it as
    M/N tends to 0.
    """
    plain = plain_value(spot)
    if new_shares == 0 or plain == 0:
        return plain
    if shares <= 0:
        raise ValueError(f"shares outstanding must be positive (got {shares})")
    share_of_value = shares / (shares + new_shares)
    value_per_share = new_shares / (shares_per_warrant * shares)

    def excess(warrant: float) -> float:
        return warrant - share_of_value * plain_value(spot + value_per_share * warrant)

    return root_in_bracket(excess, 0.0, plain)


def root_in_bracket(
    function: Callable[[float], float],
    low: float,
    high: float,
    tolerance: float = 1e-12,
    most_evaluations: int = 100,
) -> float:
    """The root of an increasing ``function`` between ``low`` and ``high``.

    Regula falsi with the Illinois modification: the secant through the ends of
    the bracket, halving the weight of an end that has stayed put twice, so
    both ends close in. Stops when the function is within ``tolerance`` of 0
    or the bracket within ``tolerance`` of a point (both relative to the
    larger of 1 and the root's size). An end where the function is already
    not below (low) or above (high) zero is returned as it is.
    """
    f_low, f_high = function(low), function(high)
    if f_low >= 0:
        return low
    if f_high <= 0:
        return high
    kept = 0
    for _ in range(most_evaluations):
        middle = (low * f_high - high * f_low) / (f_high - f_low)
        f_middle = function(middle)
        scale = tolerance * max(1.0, abs(middle))
        if abs(f_middle) <= scale or high - low <= scale:
            return middle
        if f_middle < 0:
            low, f_low = middle, f_middle
            if kept == -1:
                f_high /= 2
            kept = -1
        else:
            high, f_high = middle, f_middle
            if kept == 1:
                f_low /= 2
            kept = 1
    return (low + high) / 2
