"""A deterministic, realistic-looking book of B2B business, written as landing files.

Revenue is heavy-tailed (a few large accounts, a long tail), orders follow the seasons and the
working week, a few lines are returns, larger customers get larger discounts, some customers pay
in USD, GBP or CHF, and a share of the customer master are prospects with a spending potential
and no orders yet, a few of them large. Each industry buys mostly from its own product
categories (the products file names every product), a few customers belong to groups under
common control (one of them a major customer only as a group), and the KAMs have assessed most
large accounts and a few others (account_assessments), their ratings independent of size.

The history has the patterns a KAM's signals look for (docs/method.md, "Signals"), as a business
has them:
- most customers order on a cadence, weekly to every two months (the larger, the more often),
  their orders spread evenly over the history; SEASONAL_SHARE order in bursts instead (a few
  order days within two to three weeks) two or three times a year at the same time of year,
  with pauses of three to five months, and their revenue is stable or growing: a long pause is
  normal for them;
- among the mid-size and large accounts (the largest fifth of buyers but the five largest),
  FADE_SHARE fade out: from a day anywhere in the history their orders thin out steadily over
  five to ten months until none are left, so that their revenue first falls against the same
  days a year earlier and their pauses grow, then dies out; DIP_SHARE of the others order at a
  fifth to a half of their rate for two to four months and then recover; a few smaller
  accounts stop buying at once, and a few accounts start part-way through the history;
- each industry has hallmark products (signature_products.py), launched before or during the
  history, that most of its large accounts take up a few months after their launch and then
  buy regularly, and other industries hardly ever.
Everything is drawn from one seeded generator, so the same arguments write the same files;
book.py keeps the order of the draws. The modules follow what they draw: vocabulary.py (the
words and places), customers.py and groups.py (the master), rhythms.py and orders.py (when each
customer orders), products.py and signature_products.py, sales_lines.py, revenue.py (shaping
and potentials), assessments.py and fx_rates.py; landing_files.py, landing_folder.py and
service_costs.py write them, generate.py is the entry point.
"""

from dagster_project.lib.sample_data.generate import generate_sample
from dagster_project.lib.sample_data.products import INDUSTRY_CATEGORIES
from dagster_project.lib.sample_data.size import SampleSize

__all__ = ["INDUSTRY_CATEGORIES", "SampleSize", "generate_sample"]
