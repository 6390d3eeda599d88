/** The template context's arrangements: the order of the programme. */
import { describe, expect, it } from 'vitest';
import { programmeOrder } from '../src/render/context.js';

describe('programmeOrder', () => {
  const item = (date: string, item: string, time?: string) => ({ date, item, time });

  it('sorts by date, then time; an untimed item stays after the item it follows on its day', () => {
    const order = programmeOrder([
      item('2017-11-01', 'Meeting', '14:00'),
      item('2017-11-01', 'Lunch after the meeting'),
      item('2017-10-31', 'Arrival'),
      item('2017-11-01', 'Breakfast', '09:00'),
      item('2017-11-01', 'Dinner', '19:00'),
      item('2017-11-02', 'Departure'),
      item('2017-11-02', 'Press conference', '10:00'),
    ]).map((i) => i.item);
    expect(order).toEqual(['Arrival', 'Breakfast', 'Meeting', 'Lunch after the meeting', 'Dinner', 'Departure', 'Press conference']);
  });

  it('keeps file order among untimed items and among equal times', () => {
    const order = programmeOrder([item('2017-11-01', 'b'), item('2017-11-01', 'a'), item('2017-11-01', 'd', '10:00'), item('2017-11-01', 'c', '10:00')]).map((i) => i.item);
    expect(order).toEqual(['b', 'a', 'd', 'c']);
  });
});
