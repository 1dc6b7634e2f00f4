package io.leasechain.client.light;

import io.leasechain.client.rpc.CometRpcClient;
import io.leasechain.client.rpc.Validators;
import java.util.ArrayList;
import java.util.List;

/** Light blocks from a node's {@code /commit} and {@code /validators} (all pages). */
public final class RpcLightSource implements LightSource {

  private final CometRpcClient rpc;

  public RpcLightSource(CometRpcClient rpc) {
    this.rpc = rpc;
  }

  @Override
  public LightBlock lightBlock(long height) {
    SignedHeader signed = rpc.signedHeader(height);
    List<Validator> vals = new ArrayList<>();
    for (Validators.Validator v : rpc.validators(height).validators()) {
      if (!LightJson.ED25519.equals(v.pubKeyType())) {
        throw new IllegalArgumentException(
            "validator key type '" + v.pubKeyType() + "' is not supported, only Ed25519");
      }
      vals.add(new Validator(v.pubKey(), v.votingPower()));
    }
    return new LightBlock(signed, new ValidatorSet(vals));
  }
}
