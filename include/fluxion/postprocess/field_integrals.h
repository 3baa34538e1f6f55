#ifndef fluxion_postprocess_field_integrals_h
#define fluxion_postprocess_field_integrals_h

#include <vector>

namespace Fluxion
{
  template <int dim>
  class PhysicsInterface;

  /**
   * The integral of one field over the domain and its extremes over the
   * nodes, all in the field's unit (the solution variable times
   * PhysicsInterface::field_scale()).
   */
  struct FieldIntegral
  {
    double amount = 0;
    double min    = 0;
    double max    = 0;
  };

  /**
   * The integral, minimum and maximum of every field of @p physics, in the
   * order of its fields, summed over the ranks.
   */
  template <int dim>
  std::vector<FieldIntegral>
  integrate_fields(const PhysicsInterface<dim> &physics);
} // namespace Fluxion

#endif
