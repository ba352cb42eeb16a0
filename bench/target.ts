/** One line of the bench's verdict: a figure, its goal, and whether it met it. */
export interface Target {
  name: string;
  value: string;
  goal: string;
  pass: boolean;
  details: string;
  /** A figure shown to read the others by, with no goal: neither a pass nor a fail. */
  reference?: boolean;
}
