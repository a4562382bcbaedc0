/**
 * Phrases that article spinners (synonym-swapping rewriters) leave in copy, with their plain form.
 * Each entry is one readable row: the phrase as it appears (matched as whole words, ignoring case
 * unless `matchCase`), what it should say, and an example sentence the check must correct (see
 * spinner.test.ts). Add rows only for phrases that are almost never right in news copy: this
 * list must stay quiet on clean text (measured on the Federalist Papers and a clean wire story).
 */
export type SpinnerPhrase = {
  phrase: string
  plain: string
  /** A sentence containing the phrase; the test checks it is found and corrected to `plain`. */
  example: string
  /** Compare case too (for all-capitals artefacts such as "UNITED STATE"). */
  matchCase?: boolean
  /** Words that must not follow the phrase (e.g. "UNITED STATES" is fine). */
  notBefore?: string
  /**
   * The fix's category when accepted. Spinner wording is wording ("other": readers are not told of
   * it); a row that swaps the name of an institution, a publication or a title ("Business
   * Department" for the Commerce Department) told readers something untrue: a fact fix, which the
   * corrections note mentions.
   */
  category?: 'fact'
}

export const SPINNER_PHRASES: readonly SpinnerPhrase[] = [
  { phrase: 'UNITED STATE', plain: 'U.S.', matchCase: true, notBefore: 'S', example: 'It was placed on a UNITED STATE blacklist.' },
  { phrase: 'rate of interest', plain: 'interest', example: 'They have shown rate of interest from buyers.' },
  { phrase: 'has actually', plain: 'has', example: 'The government has actually led a campaign.' },
  { phrase: 'have actually', plain: 'have', example: 'They have actually shown interest.' },
  { phrase: 'had actually', plain: 'had', example: 'The firm had actually denied it.' },
  { phrase: 'would certainly be', plain: 'would be', example: 'The investment would certainly be very costly.' },
  { phrase: 'will certainly be', plain: 'will be', example: 'The plan will certainly be delayed.' },
  { phrase: 'and also', plain: 'and', example: 'Ericsson and also Nokia are more expensive.' },
  { phrase: 'vice head of state', plain: 'vice president', example: 'He is senior vice head of state at the company.', category: 'fact' },
  { phrase: 'financial institution fraudulence', plain: 'bank fraud', example: 'Charges alleging financial institution fraudulence were brought.' },
  { phrase: 'fraudulence', plain: 'fraud', example: 'He was accused of fraudulence.' },
  { phrase: 'criminal fees', plain: 'criminal charges', example: 'Washington has brought criminal fees against the firm.' },
  { phrase: 'national protection worries', plain: 'national security concerns', example: 'It was blacklisted over national protection worries.' },
  { phrase: 'national protection', plain: 'national security', example: 'The ban was a matter of national protection.' },
  { phrase: "globe's biggest", plain: "world's biggest", example: "Huawei, the globe's biggest maker, was placed on a list." },
  { phrase: 'a lot more costly', plain: 'more expensive', example: 'Rivals are normally a lot more costly.' },
  { phrase: 'shared passion', plain: 'expressed interest', example: 'Some firms had shared passion in a deal.' },
  { phrase: 'lasting deal', plain: 'long-term deal', example: 'They discussed a lasting deal or a one-off transfer.' },
  { phrase: 'detailed degree', plain: 'detailed level', example: 'Talks are not at a detailed degree yet.' },
  { phrase: 'a check out to', plain: 'a visit to', example: 'He spoke on a check out to Washington this week.' },
  { phrase: 'every little thing', plain: 'everything', example: 'It would take a long time to complete every little thing.' },
  { phrase: 'constructed in to', plain: 'built into', example: 'There are bugs constructed in to the software.' },
  { phrase: 'software insects', plain: 'software bugs', example: 'If there are software insects, nobody would know.' },
  { phrase: 'at any factor', plain: 'at any point', example: 'They could be triggered at any factor.' },
  { phrase: 'Business Department', plain: 'Commerce Department', matchCase: true, example: 'Rules came out from the Business Department this month.', category: 'fact' },
  { phrase: 'Financial expert', plain: 'Economist', matchCase: true, example: 'He spoke to the New York Times and the Financial expert.', category: 'fact' },
  { phrase: 'revealed suspicion', plain: 'expressed skepticism', example: 'An official revealed suspicion of the offer.' },
  { phrase: 'joined together states', plain: 'United States', example: 'Exports to the joined together states rose.' },
  { phrase: 'joined together kingdom', plain: 'United Kingdom', example: 'The joined together kingdom voted to leave.' },
  { phrase: 'worldwide heating', plain: 'global warming', example: 'Worldwide heating is speeding up.' },
  { phrase: 'counterfeit consciousness', plain: 'artificial intelligence', example: 'Firms are investing in counterfeit consciousness.' },
  { phrase: 'synthetic intelligence', plain: 'artificial intelligence', example: 'The bill regulates synthetic intelligence.' },
  { phrase: 'large information', plain: 'big data', example: 'The agency buys large information from brokers.' },
  { phrase: 'bosom peril', plain: 'breast cancer', example: 'Screening for bosom peril saves lives.' },
  { phrase: 'kidney disappointment', plain: 'kidney failure', example: 'He died of kidney disappointment.' },
  { phrase: 'Chief Executive Policeman', plain: 'Chief Executive Officer', matchCase: true, example: 'The Chief Executive Policeman resigned on Monday.', category: 'fact' },
  { phrase: 'securities market collision', plain: 'stock market crash', example: 'The securities market collision wiped out savings.' },
]
