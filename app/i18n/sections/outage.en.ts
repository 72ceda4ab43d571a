/** What people see while PostgreSQL or Redis cannot be reached (a 503 page). */
export const outageEn = {
  title: 'Temporarily unavailable',
  text: 'The service cannot reach its database or queue right now. Nothing you entered was changed. Try again in a few seconds; live calls keep running.',
  retry: 'Try again',
};
