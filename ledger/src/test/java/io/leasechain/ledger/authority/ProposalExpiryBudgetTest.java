package io.leasechain.ledger.authority;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.leasechain.ledger.BlockResult;
import io.leasechain.ledger.authority.proto.ProposalState;
import io.leasechain.ledger.testing.MarketFixture;
import io.leasechain.ledger.testing.Msgs;
import io.leasechain.ledger.testing.Outcomes;
import io.leasechain.ledger.testing.TestChain;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A proposal past its expiry height is closed to approvals even while end-block is behind. */
class ProposalExpiryBudgetTest {

  @Test
  void anApprovalAfterTheExpiryHeightIsRefusedWhileTheExpiryWaits() {
    TestChain chain =
        TestChain.builder()
            .accounts(4, TestChain.DEFAULT_BALANCE)
            .council(2, 0, 1)
            .marketParams(MarketFixture.MARKET_PARAMS.toBuilder().setMaxEndBlockItems(1).build())
            .authorityParams(MarketFixture.AUTHORITY_PARAMS)
            .build();
    long first = AuthorityKeeper.PROPOSAL_IDS.peek(chain.committed());
    Outcomes.assertOk(
        chain.deliver(
            chain.sign(
                List.of(
                    Msgs.propose(chain.address(0), Msgs.appointAuditor(chain.address(2))),
                    Msgs.propose(chain.address(0), Msgs.appointAuditor(chain.address(3)))),
                chain.keyAt(0))));
    long expires = AuthorityKeeper.proposal(chain.committed(), first).getExpiresHeight();
    chain.advanceTo(expires);
    long waiting = first + 1;
    assertEquals(
        ProposalState.PROPOSAL_STATE_OPEN,
        AuthorityKeeper.proposal(chain.committed(), waiting).getState(),
        "a budget of one leaves the second expiry for the next block");
    BlockResult next =
        chain.finalizeBlock(
            List.of(chain.sign(Msgs.approve(chain.address(1), waiting), chain.keyAt(1))));
    Outcomes.assertRejected(AuthorityError.PROPOSAL_NOT_OPEN, next.txs().get(0));
    assertEquals(
        ProposalState.PROPOSAL_STATE_EXPIRED,
        AuthorityKeeper.proposal(chain.committed(), waiting).getState());
  }
}
