-- Warns when a KAM signal that fired at least signal_backtest.min_signals times over the scored
-- history is followed by its predicted outcome less than signal_backtest.min_lift times as often
-- as the baseline (signal_backtest.lift): a signal no better than chance, whose thresholds
-- (config/key_accounts.yml, actions) a sales director should review before KAMs stop reading it.
{{ config(severity='warn', meta={'dagster': {'ref': {'name': 'signal_backtest'}}}) }}

with

signal_backtest as (

    select * from {{ ref('signal_backtest') }}

)

select
    signal,
    fired_count,
    fired_outcome_share,
    baseline_outcome_share,
    lift

from signal_backtest
where not beats_chance
