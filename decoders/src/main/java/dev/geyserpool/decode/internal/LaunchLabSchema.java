package dev.geyserpool.decode.internal;

import dev.geyserpool.decode.Program;

/**
 * Raydium LaunchLab's ({@code raydium_launchpad} 0.2.0, {@code idl/raydium_launchlab_idl.chainstack.json},
 * cross-checked with raydium-io/raydium-cpi {@code states.rs}) layouts: every instruction with its
 * arguments and account names, the four events and the four account types.
 *
 * <p>Enums with data read as nested fields with the variant's name under {@code "variant"}; a
 * variant wrapping one struct ({@code CurveParams::Constant(ConstantCurve)}) is written with that
 * struct's fields directly, and a variant wrapping one value
 * ({@code PlatformConfigParam::FeeWallet(Pubkey)}) names it {@code value}. The Borsh bytes are the
 * same either way. Trailing padding is not a field: it counts as unread bytes.
 *
 * <p>Immutable once built; shared by all threads.
 */
final class LaunchLabSchema {
  static final Schema SCHEMA = build();

  private LaunchLabSchema() {}

  private static Schema build() {
    return new Schema(Program.LAUNCHLAB)
        .fieldless("AmmCreatorFeeOn") // 0 QuoteToken, 1 BothToken
        .fieldless("TradeDirection") // 0 Buy, 1 Sell
        .fieldless("PoolStatus") // 0 Fund, 1 Migrate, 2 Trade
        .struct("MintParams", "decimals:u8 name:string symbol:string uri:string")
        .enumeration("CurveParams",
            "Constant", "supply:u64 total_base_sell:u64 total_quote_fund_raising:u64 migrate_type:u8",
            "Fixed", "supply:u64 total_quote_fund_raising:u64 migrate_type:u8",
            "Linear", "supply:u64 total_quote_fund_raising:u64 migrate_type:u8")
        .struct("VestingParams", "total_locked_amount:u64 cliff_period:u64 unlock_period:u64")
        .struct("VestingSchedule",
            "total_locked_amount:u64 cliff_period:u64 unlock_period:u64 start_time:u64 "
            + "allocated_share_amount:u64")
        .struct("TransferFeeExtensionParams", "transfer_fee_basis_points:u16 maximum_fee:u64")
        .struct("MigrateNftInfo", "platform_scale:u64 creator_scale:u64 burn_scale:u64")
        .struct("PlatformParams",
            "migrate_nft_info:MigrateNftInfo fee_rate:u64 name:string web:string img:string "
            + "creator_fee_rate:u64")
        .enumeration("PlatformConfigParam",
            "FeeWallet", "value:pubkey",
            "NFTWallet", "value:pubkey",
            "MigrateNftInfo", "platform_scale:u64 creator_scale:u64 burn_scale:u64",
            "FeeRate", "value:u64",
            "Name", "value:string",
            "Web", "value:string",
            "Img", "value:string",
            "CpSwapConfig", "",
            "AllInfo", "fee_wallet:pubkey nft_wallet:pubkey migrate_nft_info:MigrateNftInfo "
                + "fee_rate:u64 name:string web:string img:string "
                + "transfer_fee_extension_auth:pubkey creator_fee_rate:u64")
        .struct("BondingCurveParam",
            "migrate_type:u8 migrate_cpmm_fee_on:u8 supply:u64 total_base_sell:u64 "
            + "total_quote_fund_raising:u64 total_locked_amount:u64 cliff_period:u64 "
            + "unlock_period:u64")
        .struct("PlatformCurveParam",
            "epoch:u64 index:u8 global_config:pubkey bonding_curve_param:BondingCurveParam "
            + "padding:pad[400]")
        .instruction("buy_exact_in", "amount_in:u64 minimum_amount_out:u64 share_fee_rate:u64",
            "payer authority global_config platform_config pool_state user_base_token "
            + "user_quote_token base_vault quote_vault base_token_mint quote_token_mint "
            + "base_token_program quote_token_program event_authority program")
        .instruction("buy_exact_out", "amount_out:u64 maximum_amount_in:u64 share_fee_rate:u64",
            "payer authority global_config platform_config pool_state user_base_token "
            + "user_quote_token base_vault quote_vault base_token_mint quote_token_mint "
            + "base_token_program quote_token_program event_authority program")
        .instruction("claim_creator_fee", "",
            "creator fee_vault_authority creator_fee_vault recipient_token_account quote_mint "
            + "token_program system_program associated_token_program")
        .instruction("claim_platform_fee", "",
            "platform_fee_wallet authority pool_state platform_config quote_vault "
            + "recipient_token_account quote_mint token_program system_program "
            + "associated_token_program")
        .instruction("claim_platform_fee_from_vault", "",
            "platform_fee_wallet fee_vault_authority platform_config platform_fee_vault "
            + "recipient_token_account quote_mint token_program system_program "
            + "associated_token_program")
        .instruction("claim_vested_token", "",
            "beneficiary authority pool_state vesting_record base_vault user_base_token "
            + "base_token_mint base_token_program system_program associated_token_program")
        .instruction("collect_fee", "",
            "owner authority pool_state global_config quote_vault quote_mint "
            + "recipient_token_account token_program")
        .instruction("collect_migrate_fee", "",
            "owner authority pool_state global_config quote_vault quote_mint "
            + "recipient_token_account token_program")
        .instruction("create_config", "curve_type:u8 index:u16 migrate_fee:u64 trade_fee_rate:u64",
            "owner global_config quote_token_mint protocol_fee_owner migrate_fee_owner "
            + "migrate_to_amm_wallet migrate_to_cpswap_wallet system_program")
        .instruction("create_platform_config", "platform_params:PlatformParams",
            "platform_admin platform_fee_wallet platform_nft_wallet platform_config cpswap_config "
            + "system_program transfer_fee_extension_authority")
        .instruction("create_vesting_account", "share_amount:u64",
            "creator beneficiary pool_state vesting_record system_program")
        .instruction("initialize", "base_mint_param:MintParams curve_param:CurveParams vesting_param:VestingParams",
            "payer creator global_config platform_config authority pool_state base_mint "
            + "quote_mint base_vault quote_vault metadata_account base_token_program "
            + "quote_token_program metadata_program system_program rent_program event_authority "
            + "program")
        .instruction("initialize_v2", "base_mint_param:MintParams curve_param:CurveParams vesting_param:VestingParams "
            + "amm_fee_on:AmmCreatorFeeOn",
            "payer creator global_config platform_config authority pool_state base_mint "
            + "quote_mint base_vault quote_vault metadata_account base_token_program "
            + "quote_token_program metadata_program system_program rent_program event_authority "
            + "program")
        .instruction("initialize_with_token_2022", "base_mint_param:MintParams curve_param:CurveParams vesting_param:VestingParams "
            + "amm_fee_on:AmmCreatorFeeOn "
            + "transfer_fee_extension_param:Option<TransferFeeExtensionParams>",
            "payer creator global_config platform_config authority pool_state base_mint "
            + "quote_mint base_vault quote_vault base_token_program quote_token_program "
            + "system_program event_authority program")
        .instruction("migrate_to_amm", "base_lot_size:u64 quote_lot_size:u64 market_vault_signer_nonce:u8",
            "payer base_mint quote_mint openbook_program market request_queue event_queue bids "
            + "asks market_vault_signer market_base_vault market_quote_vault amm_program amm_pool "
            + "amm_authority amm_open_orders amm_lp_mint amm_base_vault amm_quote_vault "
            + "amm_target_orders amm_config amm_create_fee_destination authority pool_state "
            + "global_config base_vault quote_vault pool_lp_token spl_token_program "
            + "associated_token_program system_program rent_program")
        .instruction("migrate_to_cpswap", "",
            "payer base_mint quote_mint platform_config cpswap_program cpswap_pool "
            + "cpswap_authority cpswap_lp_mint cpswap_base_vault cpswap_quote_vault cpswap_config "
            + "cpswap_create_pool_fee cpswap_observation lock_program lock_authority lock_lp_vault "
            + "authority pool_state global_config base_vault quote_vault pool_lp_token "
            + "base_token_program quote_token_program associated_token_program system_program "
            + "rent_program metadata_program")
        .instruction("remove_platform_curve_param", "index:u8",
            "platform_admin platform_config")
        .instruction("sell_exact_in", "amount_in:u64 minimum_amount_out:u64 share_fee_rate:u64",
            "payer authority global_config platform_config pool_state user_base_token "
            + "user_quote_token base_vault quote_vault base_token_mint quote_token_mint "
            + "base_token_program quote_token_program event_authority program")
        .instruction("sell_exact_out", "amount_out:u64 maximum_amount_in:u64 share_fee_rate:u64",
            "payer authority global_config platform_config pool_state user_base_token "
            + "user_quote_token base_vault quote_vault base_token_mint quote_token_mint "
            + "base_token_program quote_token_program event_authority program")
        .instruction("update_config", "param:u8 value:u64",
            "owner global_config")
        .instruction("update_platform_config", "param:PlatformConfigParam",
            "platform_admin platform_config")
        .instruction("update_platform_curve_param", "index:u8 bonding_curve_param:BondingCurveParam",
            "platform_admin platform_config global_config system_program")
        .event("ClaimVestedEvent",
            "pool_state:pubkey beneficiary:pubkey claim_amount:u64")
        .event("CreateVestingEvent",
            "pool_state:pubkey beneficiary:pubkey share_amount:u64")
        .event("PoolCreateEvent",
            "pool_state:pubkey creator:pubkey config:pubkey base_mint_param:MintParams "
            + "curve_param:CurveParams vesting_param:VestingParams amm_fee_on:AmmCreatorFeeOn")
        .event("TradeEvent",
            "pool_state:pubkey total_base_sell:u64 virtual_base:u64 virtual_quote:u64 "
            + "real_base_before:u64 real_quote_before:u64 real_base_after:u64 real_quote_after:u64 "
            + "amount_in:u64 amount_out:u64 protocol_fee:u64 platform_fee:u64 creator_fee:u64 "
            + "share_fee:u64 trade_direction:TradeDirection pool_status:PoolStatus exact_in:bool")
        .account("GlobalConfig",
            "epoch:u64 curve_type:u8 index:u16 migrate_fee:u64 trade_fee_rate:u64 "
            + "max_share_fee_rate:u64 min_base_supply:u64 max_lock_rate:u64 min_base_sell_rate:u64 "
            + "min_base_migrate_rate:u64 min_quote_fund_raising:u64 quote_mint:pubkey "
            + "protocol_fee_owner:pubkey migrate_fee_owner:pubkey migrate_to_amm_wallet:pubkey "
            + "migrate_to_cpswap_wallet:pubkey")
        .account("PlatformConfig",
            "epoch:u64 platform_fee_wallet:pubkey platform_nft_wallet:pubkey platform_scale:u64 "
            + "creator_scale:u64 burn_scale:u64 fee_rate:u64 name:text[64] web:text[256] "
            + "img:text[256] cpswap_config:pubkey creator_fee_rate:u64 "
            + "transfer_fee_extension_auth:pubkey padding:pad[180] "
            + "curve_params:Vec<PlatformCurveParam>")
        // 429 bytes on chain. platform_vesting_share @367 is in raydium-sdk-V2 layout.ts and sava's
        // PoolState; the IDL still calls 367..429 padding (offsets.md).
        .account("PoolState",
            "epoch:u64 auth_bump:u8 status:u8 base_decimals:u8 quote_decimals:u8 migrate_type:u8 "
            + "supply:u64 total_base_sell:u64 virtual_base:u64 virtual_quote:u64 real_base:u64 "
            + "real_quote:u64 total_quote_fund_raising:u64 quote_protocol_fee:u64 platform_fee:u64 "
            + "migrate_fee:u64 vesting_schedule:VestingSchedule global_config:pubkey "
            + "platform_config:pubkey base_mint:pubkey quote_mint:pubkey base_vault:pubkey "
            + "quote_vault:pubkey creator:pubkey token_program_flag:u8 "
            + "amm_creator_fee_on:AmmCreatorFeeOn platform_vesting_share:u64")
        .account("VestingRecord",
            "epoch:u64 pool:pubkey beneficiary:pubkey claimed_amount:u64 token_share_amount:u64")
        .freeze();
  }
}
