import { ServiceError } from '../errors/service-error.ts';

export const contactNotFound = () =>
  new ServiceError(404, 'contact_not_found', 'No such contact in this project.');
export const dealNotFound = () => new ServiceError(404, 'deal_not_found', 'No such deal in this project.');
export const pipelineNotFound = () =>
  new ServiceError(404, 'pipeline_not_found', 'No such pipeline in this project.');
export const activityNotFound = () =>
  new ServiceError(404, 'activity_not_found', 'No such activity in this project.');
export const fieldNotFound = () => new ServiceError(404, 'field_not_found', 'No such field in this project.');

export const invalidFields = (fields: Record<string, string[]>) =>
  new ServiceError(400, 'validation_failed', 'Some fields are invalid.', fields);
