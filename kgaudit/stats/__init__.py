"""The statistics engine: rounding intervals, GRIM/GRIMMER/DEBIT, SD bounds, p-value recomputation.

Pure functions of printed numbers, below every pipeline stage: ingest uses them to read a printed
statistic, the checks to judge one.  Nothing here knows about documents or graphs.
"""
