#include <deal.II/numerics/data_out.h>

#include <fluxion/physics/electrochemistry/constants.h>
#include <fluxion/physics/electrochemistry/electrolyte_output.h>

#include <cmath>

// The graphical output of the Poisson-Nernst-Planck physics: the electric
// field, the charge density and the two parts of each species' flux.
namespace Fluxion
{
  template <int dim>
  ElectrolyteOutput<dim>::ElectrolyteOutput(const ElectrolyteOutputData &data,
                                            const VaryingDiffusivity &varying)
    : data(data)
    , varying(varying)
  {}

  template <int dim>
  void
  ElectrolyteOutput<dim>::evaluate_vector_field(
    const DataPostprocessorInputs::Vector<dim> &inputs,
    std::vector<Vector<double>>                &computed_quantities) const
  {
    const unsigned int  S      = data.species.size();
    const double        L      = data.length_unit_in_m;
    const auto          region = inputs.template get_cell<dim>()->material_id();
    const auto          fixed  = data.fixed_charge.find(region);
    const double        X      = fixed == data.fixed_charge.end() ?
                                   data.fixed_charge_fallback :
                                   fixed->second;
    std::vector<double> fields(S + 1);
    for (unsigned int q = 0; q < inputs.solution_values.size(); ++q)
      {
        Vector<double> &out = computed_quantities[q];
        // The concentrations and phi, for varying diffusivities.
        for (unsigned int f = 0; f <= S && varying; ++f)
          fields[f] = data.logarithmic && f < S ?
                        std::exp(inputs.solution_values[q][f]) :
                        inputs.solution_values[q][f];
        // Gradients are per length unit: E = -grad phi / L in V/m.
        const Tensor<1, dim> grad_phi = inputs.solution_gradients[q][S];
        for (unsigned int d = 0; d < dim; ++d)
          out[d] = -grad_phi[d] / L;
        double charge = X;
        for (unsigned int s = 0; s < S; ++s)
          {
            const auto  &sp = data.species[s];
            const double u  = inputs.solution_values[q][s];
            const double c  = data.logarithmic ? std::exp(u) : u;
            // grad c = c grad ln c for a logarithmic unknown.
            const Tensor<1, dim> grad_c =
              (data.logarithmic ? c : 1.0) * inputs.solution_gradients[q][s];
            charge += sp.charge * c;
            // D [L^2/s] and gradients [1/L]: the fluxes times L are SI.
            const double D_law =
              varying ?
                varying(s, region, inputs.evaluation_points[q], fields) :
                -1.0;
            const double D =
              (D_law < 0 ? sp.diffusivity_in(region) : D_law) * L;
            const Tensor<1, dim> diffusive = -D * grad_c;
            const Tensor<1, dim> migrative =
              -sp.charge * D * c / data.thermal_voltage * grad_phi;
            const unsigned int first = dim + 1 + 2 * dim * s;
            for (unsigned int d = 0; d < dim; ++d)
              {
                out[first + d]       = diffusive[d];
                out[first + dim + d] = migrative[d];
              }
          }
        out[dim] = Electrochemistry::faraday * charge;
      }
  }

  template <int dim>
  std::vector<std::string>
  ElectrolyteOutput<dim>::get_names() const
  {
    std::vector<std::string> names(dim, "E");
    names.emplace_back("charge_density");
    for (const auto &s : data.species)
      {
        names.insert(names.end(), dim, s.name + "_diffusive_flux");
        names.insert(names.end(), dim, s.name + "_migrative_flux");
      }
    return names;
  }

  template <int dim>
  std::vector<DataComponentInterpretation::DataComponentInterpretation>
  ElectrolyteOutput<dim>::get_data_component_interpretation() const
  {
    std::vector<DataComponentInterpretation::DataComponentInterpretation> v(
      dim + 1 + 2 * dim * data.species.size(),
      DataComponentInterpretation::component_is_part_of_vector);
    v[dim] = DataComponentInterpretation::component_is_scalar;
    return v;
  }

  template <int dim>
  UpdateFlags
  ElectrolyteOutput<dim>::get_needed_update_flags() const
  {
    return update_values | update_gradients |
           (varying ? update_quadrature_points : update_default);
  }

  template <int dim>
  void
  PoissonNernstPlanck<dim>::add_output_fields(DataOut<dim> &data_out) const
  {
    CoupledPhysics<dim>::add_output_fields(data_out);
    ElectrolyteOutputData d;
    d.species               = species;
    d.logarithmic           = logarithmic;
    d.thermal_voltage       = thermal_voltage;
    d.length_unit_in_m      = context.length_unit_in_m;
    d.fixed_charge          = fixed_charge;
    d.fixed_charge_fallback = fixed_charge_fallback;
    // Varying diffusivity laws at the output points.
    typename ElectrolyteOutput<dim>::VaryingDiffusivity varying;
    bool                                                any = false;
    for (const auto &v : varying_diffusivity)
      any |= !v.empty();
    if (any)
      varying = [this](const unsigned int         s,
                       const types::material_id   region,
                       const Point<dim>          &p,
                       const std::vector<double> &fields) {
        return varying_diffusivity_in(s, region) ?
                 diffusivity(s, region, p, this->time, fields).value :
                 -1.0;
      };
    output_postprocessor = std::make_unique<ElectrolyteOutput<dim>>(d, varying);
    data_out.add_data_vector(dof_handler, solution, *output_postprocessor);
  }

  template class ElectrolyteOutput<1>;
  template class ElectrolyteOutput<2>;
  template class ElectrolyteOutput<3>;
  template void
  PoissonNernstPlanck<1>::add_output_fields(DataOut<1> &) const;
  template void
  PoissonNernstPlanck<2>::add_output_fields(DataOut<2> &) const;
  template void
  PoissonNernstPlanck<3>::add_output_fields(DataOut<3> &) const;
} // namespace Fluxion
