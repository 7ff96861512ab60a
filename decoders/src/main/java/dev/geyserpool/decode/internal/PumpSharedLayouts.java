package dev.geyserpool.decode.internal;

/**
 * The layouts Pump.fun ({@code idl/pump.json}) and PumpSwap ({@code idl/pump_amm.json}) declare
 * identically, field for field and account for account, named once for {@link PumpSchema} and
 * {@link PumpAmmSchema}: the user volume accumulator and token incentive instructions, their
 * events, the cashback claim and reserved fee recipients events, and the GlobalVolumeAccumulator
 * account. Each schema still registers them under its own program, as each program emits them.
 *
 * <p>Alike but not the same, so kept in each schema: {@code ExtendAccountEvent} (timestamp last
 * in pump, first in pump_amm), {@code UserVolumeAccumulator} (pump adds the stable cashback
 * fields), {@code admin_update_token_incentives} and {@code claim_cashback} (other accounts).
 *
 * <p>Constants only.
 */
final class PumpSharedLayouts {
  private PumpSharedLayouts() {}

  // Account names of instructions that take no arguments.
  static final String CLAIM_TOKEN_INCENTIVES_ACCOUNTS =
      "user user_ata global_volume_accumulator global_incentive_token_account "
      + "user_volume_accumulator mint token_program system_program associated_token_program "
      + "event_authority program payer";
  static final String CLOSE_USER_VOLUME_ACCUMULATOR_ACCOUNTS =
      "user user_volume_accumulator event_authority program";
  static final String EXTEND_ACCOUNT_ACCOUNTS =
      "account user system_program event_authority program";
  static final String INIT_USER_VOLUME_ACCUMULATOR_ACCOUNTS =
      "payer user user_volume_accumulator system_program event_authority program";
  static final String SYNC_USER_VOLUME_ACCUMULATOR_ACCOUNTS =
      "user global_volume_accumulator user_volume_accumulator event_authority program";

  // Event fields.
  static final String ADMIN_UPDATE_TOKEN_INCENTIVES_EVENT =
      "start_time:i64 end_time:i64 day_number:u64 token_supply_per_day:u64 mint:pubkey "
      + "seconds_in_a_day:i64 timestamp:i64";
  static final String CLAIM_CASHBACK_EVENT =
      "user:pubkey amount:u64 timestamp:i64 total_claimed:u64 total_cashback_earned:u64";
  static final String CLAIM_TOKEN_INCENTIVES_EVENT =
      "user:pubkey mint:pubkey amount:u64 timestamp:i64 total_claimed_tokens:u64 "
      + "current_sol_volume:u64";
  static final String CLOSE_USER_VOLUME_ACCUMULATOR_EVENT =
      "user:pubkey timestamp:i64 total_unclaimed_tokens:u64 total_claimed_tokens:u64 "
      + "current_sol_volume:u64 last_update_timestamp:i64";
  static final String INIT_USER_VOLUME_ACCUMULATOR_EVENT =
      "payer:pubkey user:pubkey timestamp:i64";
  static final String RESERVED_FEE_RECIPIENTS_EVENT =
      "timestamp:i64 reserved_fee_recipient:pubkey reserved_fee_recipients:[pubkey;7]";
  static final String SYNC_USER_VOLUME_ACCUMULATOR_EVENT =
      "user:pubkey total_claimed_tokens_before:u64 total_claimed_tokens_after:u64 "
      + "timestamp:i64";

  // Account fields.
  static final String GLOBAL_VOLUME_ACCUMULATOR =
      "start_time:i64 end_time:i64 seconds_in_a_day:i64 mint:pubkey "
      + "total_token_supply:[u64;30] sol_volumes:[u64;30]";
}
