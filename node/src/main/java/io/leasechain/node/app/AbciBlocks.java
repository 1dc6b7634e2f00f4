package io.leasechain.node.app;

import com.google.protobuf.ByteString;
import io.leasechain.crypto.Ed25519PublicKey;
import io.leasechain.ledger.BlockContext;
import io.leasechain.ledger.BlockResult;
import io.leasechain.ledger.GenesisState;
import io.leasechain.node.abci.proto.Misbehavior;
import io.leasechain.node.abci.proto.RequestFinalizeBlock;
import io.leasechain.node.abci.proto.RequestInitChain;
import io.leasechain.node.abci.proto.ValidatorUpdate;
import io.leasechain.node.abci.proto.VoteInfo;
import io.leasechain.node.abci.proto.crypto.PublicKey;
import io.leasechain.node.abci.proto.types.BlockIDFlag;
import java.util.ArrayList;
import java.util.List;

/** Converts CometBFT's block facts and validator sets to and from the ledger's types. */
final class AbciBlocks {

  private AbciBlocks() {}

  static BlockContext context(String chainId, RequestFinalizeBlock request) {
    List<BlockContext.Vote> votes = new ArrayList<>();
    for (VoteInfo vote : request.getDecidedLastCommit().getVotesList()) {
      votes.add(
          new BlockContext.Vote(
              vote.getValidator().getAddress().toByteArray(),
              vote.getValidator().getPower(),
              vote.getBlockIdFlag() == BlockIDFlag.BLOCK_ID_FLAG_COMMIT));
    }
    List<BlockContext.Misbehaviour> misbehaviour = new ArrayList<>();
    for (Misbehavior evidence : request.getMisbehaviorList()) {
      misbehaviour.add(
          new BlockContext.Misbehaviour(
              evidence.getValidator().getAddress().toByteArray(),
              evidence.getType().name(),
              evidence.getHeight()));
    }
    return new BlockContext(
        chainId,
        request.getHeight(),
        request.getTime().getSeconds(),
        request.getTime().getNanos(),
        votes,
        misbehaviour);
  }

  /**
   * CometBFT's genesis validators. Each one's rewards go to the lease account of its own consensus
   * key (the same 20 bytes as its validator address); to pay another account the council removes
   * the validator and adds it again with that operator.
   */
  static List<GenesisState.Validator> genesisValidators(RequestInitChain request) {
    List<GenesisState.Validator> validators = new ArrayList<>();
    for (ValidatorUpdate update : request.getValidatorsList()) {
      if (update.getPubKey().getSumCase() != PublicKey.SumCase.ED25519) {
        throw new IllegalArgumentException(
            "genesis validator with a non-Ed25519 key: leasechain validators use Ed25519");
      }
      byte[] key = update.getPubKey().getEd25519().toByteArray();
      validators.add(
          new GenesisState.Validator(key, update.getPower(), Ed25519PublicKey.of(key).address()));
    }
    return validators;
  }

  static List<ValidatorUpdate> toAbci(List<BlockResult.ValidatorUpdate> updates) {
    return updates.stream()
        .map(
            update ->
                ValidatorUpdate.newBuilder()
                    .setPubKey(
                        PublicKey.newBuilder().setEd25519(ByteString.copyFrom(update.publicKey())))
                    .setPower(update.power())
                    .build())
        .toList();
  }
}
