/**
 * English answers a yes_no slot understands (nlu/slot-yes-no), as recogniser hints; the common ones are
 * enough there.
 */
export const YES_NO_PHRASES: readonly string[] = [
  'yes',
  'yeah',
  'yep',
  'yes please',
  'sure',
  'of course',
  'correct',
  'that is right',
  'right',
  'okay',
  'no',
  'nope',
  'no thanks',
  'no thank you',
  'not really',
  'not sure',
];
