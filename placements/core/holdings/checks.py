"""Holdings checked against the books they cite: the series exist, and no holding is too large.

The holder's warrants are a slice of the issuer's series: the fund's
positions in one series, added up, may not exceed what the issuer's book
says is outstanding on the last day one of them was acquired. Units and
shares may not exceed what their tranche sold and issued.
"""

from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence

from placements.core.holdings.model import Held, Holdings, Position
from placements.core.holdings.positions import BookIndex, Slice, issuer_key, position_slice
from placements.core.problems import Problem, Severity, explain
from placements.core.terms.tranche import shares_issued, units


def slices_and_problems(
    holdings: Holdings, indexes: Mapping[str, BookIndex], prices: bool = True
) -> tuple[dict[str, Slice], list[Problem]]:
    """Each position's slice of its book (``indexes`` by position id), and every problem.

    ``prices`` False: the prices were not read, so which issuers lack them is not known.
    """
    slices: dict[str, Slice] = {}
    problems: list[Problem] = []
    seen: dict[str, Position] = {}
    for position in holdings.positions:
        if position.id in seen:
            first = seen[position.id].origin.of("id")
            problems.append(
                Problem.at(
                    position.origin,
                    "id",
                    explain(
                        "duplicate position id", position.id, f"each id once (first at {first})"
                    ),
                )
            )
            continue
        seen[position.id] = position
        index = indexes.get(position.id)
        if index is None:
            continue  # its book was not read; that is reported
        found = position_slice(position, index)
        if found is None:
            problems.append(_unknown(position, index))
            continue
        problems.extend(_too_early(found))
        slices[position.id] = found
    problems.extend(_too_large(list(slices.values())))
    if prices:
        problems.extend(_prices(holdings, indexes))
    return slices, problems


def _unknown(position: Position, index: BookIndex) -> Problem:
    if position.tranche is not None and position.tranche not in index.tranches:
        known = ", ".join(index.tranches) or "none"
        return Problem.at(
            position.origin,
            "tranche",
            explain(
                f"no tranche {position.tranche!r} in {position.book}", expected=f"one of {known}"
            ),
        )
    name = position.series or f"{position.tranche}/warrants"
    known = ", ".join(index.series) or "none"
    where = "series" if position.series is not None else "tranche"
    what = f"no series {name!r} in {position.book}"
    if position.series is None:
        what = f"tranche {position.tranche} issued no warrants ({name!r} is not in {position.book})"
    return Problem.at(position.origin, where, explain(what, expected=f"one of {known}"))


def _too_early(found: Slice) -> Iterator[Problem]:
    position = found.position
    issued = found.tranche.closed if found.tranche is not None else None
    if found.series is not None and position.held is Held.WARRANTS:
        issued = found.series.issued
        if position.acquired > found.series.expiry:
            yield Problem.at(
                position.origin,
                "acquired",
                explain(
                    f"{found.series.id} expired on {found.series.expiry}",
                    got=position.acquired.isoformat(),
                    expected=f"a day up to {found.series.expiry.isoformat()}",
                ),
            )
    if issued is not None and position.acquired < issued:
        yield Problem.at(
            position.origin,
            "acquired",
            explain(
                "acquired before the securities were issued",
                got=position.acquired.isoformat(),
                expected=f"a day from {issued.isoformat()}",
            ),
        )


def _too_large(slices: Sequence[Slice]) -> Iterator[Problem]:
    """Holdings larger than their tranche, or than the series outstanding, added up."""
    by_tranche: dict[tuple[int, str, Held], list[Slice]] = defaultdict(list)
    by_series: dict[tuple[int, str], list[Slice]] = defaultdict(list)
    for found in slices:
        position = found.position
        if found.tranche is not None and position.held is not Held.WARRANTS:
            by_tranche[id(found.book), found.tranche.id, position.held].append(found)
        if found.series is not None and found.warrants:
            by_series[id(found.book), found.series.id].append(found)
    for (_, tranche_id, held), group in by_tranche.items():
        tranche = group[0].tranche
        assert tranche is not None
        most = units(tranche) if held is Held.UNITS else shares_issued(tranche)
        total = sum(found.position.count for found in group)
        if total > most:
            last = group[-1].position
            yield Problem.at(
                last.origin,
                held.value,
                explain(
                    f"the fund's {held.value} of {tranche_id} add up to more than it "
                    f"{'sold' if held is Held.UNITS else 'issued'}",
                    got=f"{total:,}",
                    expected=f"at most {most:,}",
                ),
            )
    for (_, series_id), group in by_series.items():
        latest = max(group, key=lambda found: found.position.acquired)
        day = latest.position.acquired
        outstanding = latest.index.outstanding(day).get(series_id, 0)
        total = sum(found.warrants_on(day) for found in group)
        if total > outstanding:
            at = latest.position
            yield Problem.at(
                at.origin,
                at.held.value,
                explain(
                    f"the fund's {total:,} warrants of {series_id} exceed the {outstanding:,} "
                    f"outstanding on {day}",
                    got=f"{total:,}",
                    expected=f"at most {outstanding:,} in all",
                ),
            )


def _prices(holdings: Holdings, indexes: Mapping[str, BookIndex]) -> Iterator[Problem]:
    """Every issuer held has prices, and every ticker priced is an issuer held."""
    import difflib

    held: dict[str, Position] = {}
    for position in holdings.positions:
        index = indexes.get(position.id)
        if index is not None:
            held.setdefault(issuer_key(index.book), position)
    priced = {prices.ticker for prices in holdings.prices}
    for prices in holdings.prices:
        if prices.ticker not in held:
            near = difflib.get_close_matches(prices.ticker, list(held), n=1, cutoff=0.6)
            hint = f"; did you mean {near[0]!r}?" if near else ""
            yield Problem(
                prices.origin.at,
                f"prices.{prices.ticker}",
                explain(
                    f"unknown ticker{hint}",
                    got=prices.ticker,
                    expected="the ticker of a book held: " + (", ".join(sorted(held)) or "none"),
                ),
            )
    for ticker, position in held.items():
        if ticker not in priced:
            yield Problem.at(
                position.origin,
                "book",
                explain(
                    f"no prices for {ticker}",
                    expected=f"a '{ticker}:' entry under prices:",
                ),
            )


def currency_warnings(holdings: Holdings, indexes: Mapping[str, BookIndex]) -> list[Problem]:
    """Books in another currency than the fund's: their amounts are added as they are."""
    warned = []
    for position in holdings.positions:
        index = indexes.get(position.id)
        if index is None:
            continue
        currency = index.book.issuer.currency
        if currency != holdings.holder.currency:
            warned.append(
                Problem(
                    position.origin.of("book"),
                    position.origin.field_path("book"),
                    explain(
                        f"the book is in {currency}, the fund in {holdings.holder.currency}; "
                        "its amounts are not converted",
                        got=currency,
                        expected=holdings.holder.currency,
                    ),
                    Severity.WARNING,
                )
            )
    return warned
