#ifndef fluxion_physics_dopant_dopant_output_h
#define fluxion_physics_dopant_dopant_output_h

#include <deal.II/numerics/data_postprocessor.h>

#include <string>
#include <vector>

namespace Fluxion
{
  using namespace dealii;

  template <int dim>
  class DopantDiffusion;

  /**
   * Graphical output of the dopant physics: each dopant's concentration
   * (cm^-3, C = K u in an oxide), the net doping and n/ni.
   */
  template <int dim>
  class DopantOutput : public DataPostprocessor<dim>
  {
  public:
    DopantOutput(const DopantDiffusion<dim> &physics);

    void
    evaluate_vector_field(
      const DataPostprocessorInputs::Vector<dim> &inputs,
      std::vector<Vector<double>> &computed_quantities) const override;

    /**
     * One dopant: the solution is scalar.
     */
    void
    evaluate_scalar_field(
      const DataPostprocessorInputs::Scalar<dim> &inputs,
      std::vector<Vector<double>> &computed_quantities) const override;

    std::vector<std::string>
    get_names() const override;

    UpdateFlags
    get_needed_update_flags() const override;

  private:
    const DopantDiffusion<dim> &physics;
  };
} // namespace Fluxion

#endif
