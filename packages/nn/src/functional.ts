// The functional API, as torch.nn.functional (exported as the `functional` namespace): the
// stateless form of every layer and loss. Implementations live beside their modules.
export {
  relu, leakyRelu, elu, gelu, silu, sigmoid, tanh, softmax, logSoftmax, softplus, logSigmoid,
} from '@dl/autograd';
export { linear, bilinear } from './layers/linear.js';
export { embedding, embeddingBag } from './layers/embedding.js';
export { conv1d, conv2d, unfold, pad } from './layers/conv.js';
export { maxPool2d, avgPool2d } from './layers/pooling.js';
export { dropout } from './layers/dropout.js';
export { layerNorm, batchNorm } from './layers/normalization.js';
export { crossEntropy, nllLoss } from './losses/cross-entropy.js';
export { mseLoss, l1Loss, smoothL1Loss, huberLoss } from './losses/regression.js';
export { klDiv } from './losses/kl-div.js';
export { binaryCrossEntropy, binaryCrossEntropyWithLogits } from './losses/binary-cross-entropy.js';
