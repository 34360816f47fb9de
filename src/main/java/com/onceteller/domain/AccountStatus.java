package com.onceteller.domain;

/** Lifecycle of an account. Only OPEN accounts can be debited or credited. */
public enum AccountStatus {
  OPEN,
  FROZEN,
  CLOSED
}
