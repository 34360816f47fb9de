package com.onceteller.ledger;

/**
 * The trigger class under the name that migration V4 wrote into every ledger file: H2 stores the
 * class name with the trigger and loads it when the file opens, and an applied migration is never
 * edited. New code lives in {@link com.onceteller.branch.ledger.AppendOnlyTrigger}.
 */
public final class AppendOnlyTrigger extends com.onceteller.branch.ledger.AppendOnlyTrigger {}
