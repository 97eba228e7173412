/** Time as a port: the scheduler asks a Clock, so tests can run a whole month in a second. */
export interface Clock {
  now(): Date;
}

/** A clock tests move by hand. */
export class FakeClock implements Clock {
  constructor(private current: Date) {}
  now(): Date {
    return new Date(this.current.getTime());
  }
  set(to: Date): void {
    this.current = new Date(to.getTime());
  }
}
