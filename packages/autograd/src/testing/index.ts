// "@dl/autograd/testing": helpers for checking gradients.
export {
  gradcheck,
  GradcheckError,
  type GradcheckOptions,
  type GradcheckResult,
} from './gradcheck.js';
