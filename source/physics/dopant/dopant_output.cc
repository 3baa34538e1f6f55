#include <deal.II/numerics/data_out.h>

#include <fluxion/physics/dopant/dopant_diffusion.h>
#include <fluxion/physics/dopant/dopant_output.h>

#include <cmath>

namespace Fluxion
{
  template <int dim>
  DopantOutput<dim>::DopantOutput(const DopantDiffusion<dim> &physics)
    : physics(physics)
  {}

  template <int dim>
  void
  DopantOutput<dim>::evaluate_vector_field(
    const DataPostprocessorInputs::Vector<dim> &inputs,
    std::vector<Vector<double>>                &computed_quantities) const
  {
    const auto  &dopants = physics.get_dopants();
    const double T       = physics.temperature(physics.get_time());
    const double ni      = intrinsic_carrier_density(T);
    const auto   cell    = inputs.template get_cell<dim>();
    const bool   oxide   = physics.is_oxide(cell->material_id());
    for (unsigned int q = 0; q < inputs.solution_values.size(); ++q)
      {
        double N = oxide ? 0.0 : physics.signed_background();
        for (unsigned int i = 0; i < dopants.size(); ++i)
          {
            const double c =
              physics.concentration_factor(i, cell->material_id()) *
              inputs.solution_values[q][i];
            computed_quantities[q][i] = c;
            if (!oxide)
              N += dopants[i].charge * c;
          }
        computed_quantities[q][dopants.size()] = N;
        computed_quantities[q][dopants.size() + 1] =
          std::exp(std::asinh(N / (2 * ni)));
      }
  }

  template <int dim>
  void
  DopantOutput<dim>::evaluate_scalar_field(
    const DataPostprocessorInputs::Scalar<dim> &inputs,
    std::vector<Vector<double>>                &computed_quantities) const
  {
    DataPostprocessorInputs::Vector<dim> v;
    v.solution_values.resize(inputs.solution_values.size(), Vector<double>(1));
    v.template set_cell<dim>(inputs.template get_cell<dim>());
    for (unsigned int q = 0; q < inputs.solution_values.size(); ++q)
      v.solution_values[q][0] = inputs.solution_values[q];
    evaluate_vector_field(v, computed_quantities);
  }

  template <int dim>
  std::vector<std::string>
  DopantOutput<dim>::get_names() const
  {
    std::vector<std::string> names;
    for (const auto &d : physics.get_dopants())
      names.push_back(d.name);
    names.emplace_back("net_doping");
    names.emplace_back("n_over_ni");
    return names;
  }

  template <int dim>
  UpdateFlags
  DopantOutput<dim>::get_needed_update_flags() const
  {
    return update_values;
  }

  template <int dim>
  void
  DopantDiffusion<dim>::add_output_fields(DataOut<dim> &data_out) const
  {
    output_postprocessor = std::make_unique<DopantOutput<dim>>(*this);
    data_out.add_data_vector(dof_handler, solution, *output_postprocessor);
  }

  template class DopantOutput<1>;
  template class DopantOutput<2>;
  template class DopantOutput<3>;
  template void
  DopantDiffusion<1>::add_output_fields(DataOut<1> &) const;
  template void
  DopantDiffusion<2>::add_output_fields(DataOut<2> &) const;
  template void
  DopantDiffusion<3>::add_output_fields(DataOut<3> &) const;
} // namespace Fluxion
