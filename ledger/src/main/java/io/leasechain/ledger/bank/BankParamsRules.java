package io.leasechain.ledger.bank;

import io.leasechain.ledger.bank.proto.BankParams;
import io.leasechain.ledger.params.ParamStore;

/** Defaults and storage of the bank params. */
public final class BankParamsRules {

  public static final ParamStore<BankParams> STORE = new ParamStore<>("bank", BankParams.parser());

  public static final BankParams DEFAULTS = BankParams.newBuilder().setSendEnabled(true).build();

  private BankParamsRules() {}
}
