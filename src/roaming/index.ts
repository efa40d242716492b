// Public API of roaming: the business rules between partners on top of the OCPI layer (src/ocpi).
export { rateForPartner, wholesaleCdr, type PartnerWholesaleCdr, type WholesaleCdr } from './wholesale';
export { rateWithTariff } from './rateWithTariff';
export { retailRatingFor, type RetailOptions } from './retailRating';
export { receivePartnerCdr, type ReceiveCdrResult } from './receiveCdr';
export {
  authorizeToken,
  authorizeKnownToken,
  authorizeOwnToken,
  type PartnerTokenContext,
  type TokenAuthorization,
} from './tokenAuthorization';
export { storePartnerToken, findPartnerToken, ocpiTokenOf, type StoreTokenResult } from './partnerTokens';
export { tariffsVisibleTo } from './tariffVisibility';
export { countryTimeZone } from './countryTimeZone';
export * from './settlement';
export { creditCdrOf, issueCreditCdr } from './creditCdr';
