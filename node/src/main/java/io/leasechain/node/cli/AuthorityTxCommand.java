package io.leasechain.node.cli;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.leasechain.client.ParamsUpdate;
import io.leasechain.crypto.Hex;
import io.leasechain.ledger.authority.proto.AddValidator;
import io.leasechain.ledger.authority.proto.AppointAuditor;
import io.leasechain.ledger.authority.proto.ApproveProvider;
import io.leasechain.ledger.authority.proto.CancelUpgrade;
import io.leasechain.ledger.authority.proto.CouncilAction;
import io.leasechain.ledger.authority.proto.MsgCouncilApprove;
import io.leasechain.ledger.authority.proto.MsgCouncilPropose;
import io.leasechain.ledger.authority.proto.MsgCouncilRevoke;
import io.leasechain.ledger.authority.proto.ReinstateProvider;
import io.leasechain.ledger.authority.proto.RemoveAuditor;
import io.leasechain.ledger.authority.proto.RemoveValidator;
import io.leasechain.ledger.authority.proto.ScheduleUpgrade;
import io.leasechain.ledger.authority.proto.SetValidatorPower;
import io.leasechain.ledger.authority.proto.SuspendProvider;
import io.leasechain.ledger.query.proto.ParamsResponse;
import io.leasechain.ledger.tx.proto.Msg;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * `leasechain tx authority`: council members propose actions, approve them and revoke approvals.
 */
@Command(
    name = "authority",
    description = "Council transactions.",
    subcommands = {
      AuthorityTxCommand.Propose.class,
      AuthorityTxCommand.Approve.class,
      AuthorityTxCommand.Revoke.class
    })
final class AuthorityTxCommand {

  private AuthorityTxCommand() {}

  @Command(
      name = "propose",
      description =
          "As a council member (KEY), propose an action; --co-signer members sign the same tx and "
              + "approve at once.",
      synopsisSubcommandLabel = "ACTION",
      subcommands = {
        ApproveProviderAction.class,
        SuspendProviderAction.class,
        ReinstateProviderAction.class,
        AppointAuditorAction.class,
        RemoveAuditorAction.class,
        SetParamsAction.class,
        AddValidatorAction.class,
        SetValidatorPowerAction.class,
        RemoveValidatorAction.class,
        ScheduleUpgradeAction.class,
        CancelUpgradeAction.class
      })
  static final class Propose implements Runnable {
    @Spec CommandSpec spec;

    @Parameters(
        index = "0",
        paramLabel = "KEY",
        description = "Proposer: a council member's key name; pays the fee")
    String key;

    @Override
    public void run() {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "Missing the action to propose, one of: "
              + String.join(", ", spec.subcommands().keySet()));
    }
  }

  /** One action to propose: signed by the proposer, then every --co-signer, in that order. */
  abstract static class Action implements Callable<Integer> {
    @ParentCommand Propose propose;
    @Mixin SignOptions options;
    @Spec CommandSpec spec;

    @Option(
        names = "--co-signer",
        paramLabel = "KEY",
        description = "Another member's key name that signs the same tx and approves (repeatable)")
    List<String> coSigners = new ArrayList<>();

    abstract CouncilAction action() throws IOException;

    final String account(String text) {
      return Accounts.resolve(options.home, text).toBech32();
    }

    @Override
    public final Integer call() throws Exception {
      List<String> signers = new ArrayList<>();
      signers.add(propose.key);
      signers.addAll(coSigners);
      MsgCouncilPropose.Builder proposal =
          MsgCouncilPropose.newBuilder()
              .setProposer(options.address(propose.key).toBech32())
              .setAction(action());
      for (String coSigner : coSigners) {
        proposal.addCoSigners(options.address(coSigner).toBech32());
      }
      return options.send(
          spec.commandLine().getOut(),
          signers,
          Msg.newBuilder().setCouncilPropose(proposal).build());
    }
  }

  /** An action about one account, given as a lease1… address or key name. */
  abstract static class AccountAction extends Action {
    @Parameters(index = "0", paramLabel = "ADDR", description = "lease1… address or key name")
    String target;

    abstract CouncilAction action(String address);

    @Override
    final CouncilAction action() {
      return action(account(target));
    }
  }

  @Command(name = "approve-provider", description = "Activate a pending provider.")
  static final class ApproveProviderAction extends AccountAction {
    @Override
    CouncilAction action(String address) {
      return CouncilAction.newBuilder()
          .setApproveProvider(ApproveProvider.newBuilder().setProvider(address))
          .build();
    }
  }

  @Command(
      name = "suspend-provider",
      description = "Suspend a provider: it cannot bid or win; its active leases continue.")
  static final class SuspendProviderAction extends AccountAction {
    @Option(names = "--reason", required = true, paramLabel = "TEXT")
    String reason;

    @Override
    CouncilAction action(String address) {
      return CouncilAction.newBuilder()
          .setSuspendProvider(SuspendProvider.newBuilder().setProvider(address).setReason(reason))
          .build();
    }
  }

  @Command(name = "reinstate-provider", description = "Make a suspended provider active again.")
  static final class ReinstateProviderAction extends AccountAction {
    @Override
    CouncilAction action(String address) {
      return CouncilAction.newBuilder()
          .setReinstateProvider(ReinstateProvider.newBuilder().setProvider(address))
          .build();
    }
  }

  @Command(name = "appoint-auditor", description = "Let an account attest providers.")
  static final class AppointAuditorAction extends AccountAction {
    @Override
    CouncilAction action(String address) {
      return CouncilAction.newBuilder()
          .setAppointAuditor(AppointAuditor.newBuilder().setAuditor(address))
          .build();
    }
  }

  @Command(name = "remove-auditor", description = "Remove an auditor.")
  static final class RemoveAuditorAction extends AccountAction {
    @Override
    CouncilAction action(String address) {
      return CouncilAction.newBuilder()
          .setRemoveAuditor(RemoveAuditor.newBuilder().setAuditor(address))
          .build();
    }
  }

  @Command(
      name = "set-params",
      description =
          "Change the params fields given; every other field and module keeps its current value"
              + " (read from the node, or with --offline from --current-params).")
  static final class SetParamsAction extends Action {
    @Option(
        names = "--json",
        required = true,
        paramLabel = "JSON|@FILE",
        description =
            "The fields to change as protobuf JSON, e.g. '{\"market\": {\"min_bid_deposit\":"
                + " \"1000\"}}', or @path to a file")
    String json;

    @Option(
        names = "--current-params",
        paramLabel = "FILE",
        description =
            "The chain's current params as `leasechain query params -o json` prints them; needed"
                + " with --offline, instead of asking the node")
    Path currentParams;

    @Override
    CouncilAction action() throws IOException {
      String text = json.startsWith("@") ? InputFiles.read(Path.of(json.substring(1))) : json;
      ParamsResponse current = current();
      try {
        return CouncilAction.newBuilder().setSetParams(ParamsUpdate.merge(current, text)).build();
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--json: " + e.getMessage(), e);
      }
    }

    /** The params the fields not given keep. */
    private ParamsResponse current() throws IOException {
      if (currentParams != null) {
        ParamsResponse.Builder params = ParamsResponse.newBuilder();
        try {
          JsonFormat.parser().merge(InputFiles.read(currentParams), params);
        } catch (InvalidProtocolBufferException e) {
          throw new IllegalArgumentException(
              "--current-params " + currentParams + ": bad JSON: " + e.getMessage(), e);
        }
        return params.build();
      }
      if (options.offline) {
        throw new IllegalArgumentException(
            "set-params --offline needs --current-params FILE (the output of `leasechain query"
                + " params -o json`): the fields not given keep those values");
      }
      return options.node.client().params();
    }
  }

  /** An action about one validator, named by its consensus public key. */
  abstract static class ValidatorAction extends Action {
    @Option(
        names = "--pubkey",
        required = true,
        paramLabel = "KEY",
        description =
            "The validator's Ed25519 consensus key: base64 as in priv_validator_key.json, or hex")
    String publicKey;

    final ByteString key() {
      byte[] bytes =
          publicKey.matches("[0-9a-fA-F]{64}")
              ? Hex.decode(publicKey)
              : Base64.getDecoder().decode(publicKey);
      return ByteString.copyFrom(bytes);
    }
  }

  @Command(
      name = "add-validator",
      description = "Add a validator with a voting power; its rewards go to --operator.")
  static final class AddValidatorAction extends ValidatorAction {
    @Option(names = "--power", required = true, converter = Converters.U64.class)
    long power;

    @Option(
        names = "--operator",
        required = true,
        paramLabel = "ADDR",
        description = "lease1… address or key name")
    String operator;

    @Override
    CouncilAction action() {
      return CouncilAction.newBuilder()
          .setAddValidator(
              AddValidator.newBuilder()
                  .setPublicKey(key())
                  .setPower(power)
                  .setOperator(account(operator)))
          .build();
    }
  }

  @Command(
      name = "set-validator-power",
      description = "Change a validator's voting power (at least 1).")
  static final class SetValidatorPowerAction extends ValidatorAction {
    @Option(names = "--power", required = true, converter = Converters.U64.class)
    long power;

    @Override
    CouncilAction action() {
      return CouncilAction.newBuilder()
          .setSetValidatorPower(SetValidatorPower.newBuilder().setPublicKey(key()).setPower(power))
          .build();
    }
  }

  @Command(name = "remove-validator", description = "Remove a validator from the set.")
  static final class RemoveValidatorAction extends ValidatorAction {
    @Override
    CouncilAction action() {
      return CouncilAction.newBuilder()
          .setRemoveValidator(RemoveValidator.newBuilder().setPublicKey(key()))
          .build();
    }
  }

  @Command(
      name = "schedule-upgrade",
      description =
          "Schedule a software upgrade: at HEIGHT every node halts unless its build has the "
              + "migration NAME (docs/operating.md).")
  static final class ScheduleUpgradeAction extends Action {
    @Parameters(index = "0", paramLabel = "NAME", description = "The migration's name")
    String name;

    @Parameters(
        index = "1",
        paramLabel = "HEIGHT",
        converter = Converters.U64.class,
        description = "The first block the new build runs")
    long height;

    @Option(
        names = "--info",
        defaultValue = "",
        description = "Text for operators, e.g. where to get the build (at most 2048 characters)")
    String info;

    @Override
    CouncilAction action() {
      return CouncilAction.newBuilder()
          .setScheduleUpgrade(
              ScheduleUpgrade.newBuilder().setName(name).setHeight(height).setInfo(info))
          .build();
    }
  }

  @Command(name = "cancel-upgrade", description = "Cancel the pending upgrade plan NAME.")
  static final class CancelUpgradeAction extends Action {
    @Parameters(index = "0", paramLabel = "NAME", description = "The pending plan's name")
    String name;

    @Override
    CouncilAction action() {
      return CouncilAction.newBuilder()
          .setCancelUpgrade(CancelUpgrade.newBuilder().setName(name))
          .build();
    }
  }

  @Command(name = "approve", description = "As a council member, approve an open proposal.")
  static final class Approve extends SigningCommand {
    @Parameters(index = "1", paramLabel = "PROPOSAL_ID", converter = Converters.U64.class)
    long proposalId;

    @Override
    Msg message(String signer) {
      return Msg.newBuilder()
          .setCouncilApprove(
              MsgCouncilApprove.newBuilder().setMember(signer).setProposalId(proposalId))
          .build();
    }
  }

  @Command(
      name = "revoke",
      description = "As a council member, withdraw your approval of an open proposal.")
  static final class Revoke extends SigningCommand {
    @Parameters(index = "1", paramLabel = "PROPOSAL_ID", converter = Converters.U64.class)
    long proposalId;

    @Override
    Msg message(String signer) {
      return Msg.newBuilder()
          .setCouncilRevoke(
              MsgCouncilRevoke.newBuilder().setMember(signer).setProposalId(proposalId))
          .build();
    }
  }
}
